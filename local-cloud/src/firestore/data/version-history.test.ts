// The history kept for reads in the past, under a clock the test moves: what a day of created and
// deleted documents leaves behind once the read-time window has passed, and what reads and
// resumed listeners inside the window still see.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { OWNER } from '../client/identity.ts';
import { FirestoreEngine, READ_TIME_WINDOW_MS } from './engine.ts';
import { RpcError } from './errors.ts';
import { NO_INDEXES } from './indexes.ts';
import { ListenHub } from '../listen/listen-hub.ts';
import type { Timestamp__Output as Timestamp } from '../generated/google/protobuf/Timestamp.ts';
import type { Write__Output as Write } from '../generated/google/firestore/v1/Write.ts';

const DB = 'projects/p/databases/(default)';
const MINUTE = 60_000;
const T0 = new Date('2030-01-02T08:00:00.000Z');

const name = (path: string) => `${DB}/documents/${path}`;
const set = (path: string, n = 1): Write => ({
  update: { name: name(path), fields: { n: { integerValue: String(n) } } },
});
const remove = (path: string): Write => ({ delete: name(path) });

let engine: FirestoreEngine;

async function commit(...writes: Write[]): Promise<Timestamp> {
  return (await engine.commit({ database: DB, writes })).commitTime;
}

/** Moves the clock the commit times follow `ms` past T0. */
function at(ms: number): void {
  vi.setSystemTime(T0.getTime() + ms);
}

const history = () => engine.store.database(DB).history;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'], now: T0 });
  engine = new FirestoreEngine(NO_INDEXES, false, { idleMs: 60_000, maxMs: 270_000 });
});

afterEach(() => {
  engine.reset();
  vi.useRealTimers();
});

describe('the history kept for reads in the past', () => {
  it('forgets 1,000 created and deleted documents once the window has passed, on any later commit', async () => {
    for (let batch = 0; batch < 10; batch++) {
      const paths = Array.from({ length: 100 }, (_, i) => `inbox/${String(batch * 100 + i)}`);
      await commit(...paths.map((path) => set(path)));
      await commit(...paths.map(remove));
    }
    expect(history().size).toBe(1000);

    at(READ_TIME_WINDOW_MS - MINUTE);
    await commit(set('other/inside'));
    expect(history().size).toBe(1000);

    at(READ_TIME_WINDOW_MS + MINUTE);
    await commit(set('other/after'));
    expect(history().size).toBe(0);
    expect([...engine.store.database(DB).historyPaths()]).toEqual([]);
  });

  it('keeps the versions a document had inside the window, and forgets the older ones', async () => {
    const times: Timestamp[] = [];
    for (let n = 0; n < 5; n++) {
      at(n * 20 * MINUTE);
      times.push(await commit(set('devices/d', n)));
    }
    // At 80 min the versions replaced at 20 min or earlier are gone; those of 20, 40 and 60 stay.
    expect(history().size).toBe(3);
    expect([...history().versions()].map((doc) => doc.fields.n?.integerValue)).toEqual([
      '1',
      '2',
      '3',
    ]);
    const read = (readTime: Timestamp) => engine.getDocument({ name: name('devices/d'), readTime });
    await expect(read(times[2] as Timestamp)).resolves.toMatchObject({
      fields: { n: { integerValue: '2' } },
    });
    await expect(read(times[1] as Timestamp)).resolves.toMatchObject({
      fields: { n: { integerValue: '1' } },
    });
  });

  it('serves a read at a read time inside the window, deleted documents included, and refuses one older', async () => {
    const created = await commit(set('inbox/a'), set('inbox/b'));
    at(10 * MINUTE);
    await commit(remove('inbox/a'));
    at(50 * MINUTE);
    await commit(set('other/later'));
    const query = (readTime?: Timestamp) =>
      engine.runQuery({
        parent: `${DB}/documents`,
        structuredQuery: { from: [{ collectionId: 'inbox' }] },
        ...(readTime === undefined ? {} : { readTime }),
      });

    expect(await query(created)).toHaveLength(2);
    await expect(
      engine.getDocument({ name: name('inbox/a'), readTime: created }),
    ).resolves.toMatchObject({ name: name('inbox/a') });
    expect(await query()).toHaveLength(1);

    at(READ_TIME_WINDOW_MS + MINUTE);
    await commit(set('other/after'));
    const tooOld = { code: 9, message: 'The requested snapshot version is too old.' };
    await expect(query(created)).rejects.toMatchObject(tooOld);
    await expect(engine.getDocument({ name: name('inbox/b'), readTime: created })).rejects.toThrow(
      RpcError,
    );
    expect(() =>
      engine.beginTransaction({ database: DB, options: { readOnly: { readTime: created } } }),
    ).toThrow(tooOld.message);
    expect(await query()).toHaveLength(1);
  });
});

describe('a listener resuming', () => {
  interface Sent {
    documentChange?: { document: { name: string } };
    documentDelete?: { document: string };
    documentRemove?: { document: string };
    filter?: { count: number };
    targetChange?: { targetChangeType?: string; resumeToken?: Uint8Array };
  }

  /** Opens a stream listening to `inbox` (resumed from `resumeToken`); returns what it was sent. */
  function listen(hub: ListenHub, resumeToken?: Uint8Array): { sent: Sent[]; close: () => void } {
    const sent: Sent[] = [];
    const stream = hub.open(OWNER, {
      send: (m) => sent.push(m),
      close: () => undefined,
    });
    stream.receive({
      database: DB,
      addTarget: {
        targetId: 1,
        query: {
          parent: `${DB}/documents`,
          structuredQuery: { from: [{ collectionId: 'inbox' }] },
        },
        ...(resumeToken === undefined ? {} : { resumeToken }),
      },
    });
    return {
      sent,
      close: () => {
        stream.cancel();
      },
    };
  }

  const changed = (sent: Sent[]) =>
    sent.flatMap((m) => (m.documentChange ? [m.documentChange.document.name] : [])).sort();
  const deleted = (sent: Sent[]) =>
    sent.flatMap((m) => (m.documentDelete ? [m.documentDelete.document] : []));
  const count = (sent: Sent[]) => sent.find((m) => m.filter)?.filter?.count;

  async function listenedThenLeft(hub: ListenHub): Promise<Uint8Array> {
    await commit(set('inbox/a'), set('inbox/b'), set('inbox/c'));
    const first = listen(hub);
    first.close();
    const current = first.sent.find((m) => m.targetChange?.targetChangeType === 'CURRENT');
    const token = current?.targetChange?.resumeToken;
    if (token === undefined) throw new Error('no resume token');
    return token;
  }

  it('inside the window, gets only what changed while it was away, deletes included', async () => {
    const hub = new ListenHub(engine, () => {
      throw new Error('the owner is not authorized');
    });
    const token = await listenedThenLeft(hub);
    at(30 * MINUTE);
    await commit(remove('inbox/a'), set('inbox/b', 2), set('inbox/d'));
    at(50 * MINUTE);

    const resumed = listen(hub, token);
    expect(changed(resumed.sent)).toEqual([name('inbox/b'), name('inbox/d')]);
    expect(deleted(resumed.sent)).toEqual([name('inbox/a')]);
    expect(count(resumed.sent)).toBe(3);
    resumed.close();
  });

  it('from before the window, gets every document again and the count to drop the rest by', async () => {
    const hub = new ListenHub(engine, () => {
      throw new Error('the owner is not authorized');
    });
    const token = await listenedThenLeft(hub);
    at(30 * MINUTE);
    await commit(remove('inbox/a'), set('inbox/b', 2));
    at(READ_TIME_WINDOW_MS + MINUTE);

    const resumed = listen(hub, token);
    expect(changed(resumed.sent)).toEqual([name('inbox/b'), name('inbox/c')]);
    expect(deleted(resumed.sent)).toEqual([]);
    expect(count(resumed.sent)).toBe(2);
    resumed.close();
  });
});
