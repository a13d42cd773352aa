import { describe, expect, it } from 'vitest';
import { recorded, useFixtureCloud } from './fixture-cloud.ts';
import type { FixtureCloud } from './fixture-cloud.ts';

const TYPE = 'google.cloud.firestore.document.v1.';

let t: FixtureCloud;

useFixtureCloud((cloud) => {
  t = cloud;
});

describe('Firestore events', () => {
  it('deliver a creation to created and written functions with params and the new fields', async () => {
    await t.firestore.doc('items/a').set({ name: 'one', count: 1 });
    await t.idle();

    const deliveries = await recorded(t);
    expect(deliveries.map((d) => d.fn).sort()).toEqual(['onItemCreated', 'onItemWritten']);
    expect(deliveries.find((d) => d.fn === 'onItemCreated')).toMatchObject({
      type: `${TYPE}created`,
      params: { itemId: 'a' },
      summary: { after: { name: 'one', count: 1 } },
    });
    expect(deliveries.find((d) => d.fn === 'onItemWritten')).toMatchObject({
      type: `${TYPE}written`,
      params: { itemId: 'a' },
      summary: { before: null, after: { name: 'one', count: 1 } },
    });
  });

  it('deliver an update with the fields before and after', async () => {
    await t.firestore.doc('items/b').set({ name: 'two' });
    await t.idle();
    await t.firestore.doc('items/b').update({ name: 'three' });
    await t.idle();

    const updated = await recorded(t, 'onItemUpdated');
    expect(updated).toHaveLength(1);
    expect(updated[0]).toMatchObject({
      type: `${TYPE}updated`,
      params: { itemId: 'b' },
      summary: { before: { name: 'two' }, after: { name: 'three' } },
    });
    const written = await recorded(t, 'onItemWritten');
    expect(written.map((d) => d.summary)).toEqual([
      { before: null, after: { name: 'two' } },
      { before: { name: 'two' }, after: { name: 'three' } },
    ]);
  });

  it('deliver a deletion with the fields before', async () => {
    await t.firestore.doc('items/c').set({ name: 'gone soon' });
    await t.firestore.doc('items/c').delete();
    await t.idle();

    const deleted = await recorded(t, 'onItemDeleted');
    expect(deleted).toHaveLength(1);
    expect(deleted[0]).toMatchObject({
      type: `${TYPE}deleted`,
      params: { itemId: 'c' },
      summary: { before: { name: 'gone soon' } },
    });
    const written = await recorded(t, 'onItemWritten');
    expect(written.map((d) => d.summary)).toEqual([
      { before: null, after: { name: 'gone soon' } },
      { before: { name: 'gone soon' }, after: null },
    ]);
  });

  it('match nested patterns with every wildcard captured, and only them', async () => {
    await t.firestore.doc('items/d/parts/p1').set({ size: 3 });
    await t.idle();

    const deliveries = await recorded(t);
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]).toMatchObject({
      fn: 'onPartCreated',
      type: `${TYPE}created`,
      params: { itemId: 'd', partId: 'p1' },
      summary: { after: { size: 3 }, path: 'items/d/parts/p1' },
    });
  });

  it('deliver nothing for paths no trigger matches', async () => {
    await t.firestore.doc('others/x').set({ a: 1 });
    await t.firestore.doc('items/e/notParts/x').set({ a: 1 });
    await t.firestore.doc('items/e/parts/p/deeper/x').set({ a: 1 });
    await t.idle();

    expect(await recorded(t)).toEqual([]);
    expect(t.cloud.deliveries).toEqual([]);
  });

  it('deliver nothing for a write that changes no document', async () => {
    await t.firestore.doc('items/f').set({ name: 'x' });
    await t.idle();
    await t.reset();

    await t.firestore.doc('items/never-existed').delete();
    await t.idle();
    expect(await recorded(t)).toEqual([]);
  });

  it('carry the same event id the delivery log shows', async () => {
    await t.firestore.doc('items/g').set({ name: 'x' });
    await t.idle();

    const [created] = await recorded(t, 'onItemCreated');
    const logged = t.cloud.deliveries.filter((entry) => entry.functionName === 'onItemCreated');
    expect(logged).toEqual([
      {
        functionName: 'onItemCreated',
        eventId: created?.eventId,
        type: `${TYPE}created`,
        attempt: 1,
        outcome: 'delivered',
      },
    ]);
  });

  it('are never delivered inside the write: the write resolves before any delivery', async () => {
    t.cloud.configureDelivery({ delayMs: 150 });
    await t.firestore.doc('items/h').set({ name: 'x' });

    expect(await recorded(t)).toHaveLength(0);
    expect(t.cloud.deliveries).toHaveLength(0);
    await t.idle();
    expect(await recorded(t, 'onItemCreated')).toHaveLength(1);
  });

  it('deliver once per document for a batch touching several', async () => {
    const batch = t.firestore.batch();
    batch.set(t.firestore.doc('items/i1'), { n: 1 });
    batch.set(t.firestore.doc('items/i2'), { n: 2 });
    batch.set(t.firestore.doc('items/i1/parts/p'), { n: 3 });
    await batch.commit();
    await t.idle();

    const created = await recorded(t, 'onItemCreated');
    expect(created.map((d) => d.params.itemId).sort()).toEqual(['i1', 'i2']);
    expect(await recorded(t, 'onPartCreated')).toHaveLength(1);
  });
});
