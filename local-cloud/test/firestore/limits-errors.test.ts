// Limits and invalid input (docs: "Usage and limits", "Best practices"; field and document naming
// rules in google/firestore/v1/document.proto). Each case the SDK already refuses before sending is
// labelled "SDK:" and checked at the server with the raw v1 client as well.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FieldPath } from 'firebase-admin/firestore';
import { Code, openBackend } from './backend.ts';
import type { Backend } from './backend.ts';
import { ownerCall, rawClient } from './raw.ts';
import type { RawClient } from './raw.ts';

const MiB = 1024 * 1024;

let be: Backend;
let raw: RawClient;
beforeAll(async () => {
  be = await openBackend('limits');
  raw = rawClient(be.projectId);
});
afterAll(async () => {
  await raw.close();
  await be.close();
});

function nested(depth: number): Record<string, unknown> {
  let value: Record<string, unknown> = { leaf: true };
  for (let i = 1; i < depth; i += 1) value = { [`l${i}`]: value };
  return value;
}

type RawValue = { booleanValue: boolean } | { mapValue: { fields: Record<string, RawValue> } };
function rawNested(depth: number): Record<string, RawValue> {
  let fields: Record<string, RawValue> = { leaf: { booleanValue: true } };
  for (let i = 1; i < depth; i += 1) fields = { [`l${i}`]: { mapValue: { fields } } };
  return fields;
}

function rawWrite(path: string, fields: Record<string, RawValue>, mask?: string[]) {
  const database = `projects/${be.projectId}/databases/(default)`;
  return raw.commit(
    {
      database,
      writes: [
        {
          update: { name: `${database}/documents/${path}`, fields },
          ...(mask === undefined ? {} : { updateMask: { fieldPaths: mask } }),
        },
      ],
    },
    ownerCall,
  );
}

describe('document size', () => {
  it('accepts a document just under 1 MiB', async () => {
    await be.db.doc('size/ok').set({ big: 'x'.repeat(MiB - 10_000) });
    expect(((await be.db.doc('size/ok').get()).get('big') as string).length).toBe(MiB - 10_000);
  });

  it('rejects a document over 1 MiB with INVALID_ARGUMENT and writes nothing', async () => {
    await expect(be.db.doc('size/too-big').set({ big: 'x'.repeat(MiB) })).rejects.toMatchObject({
      code: Code.INVALID_ARGUMENT,
    });
    expect((await be.db.doc('size/too-big').get()).exists).toBe(false);
  });

  it('counts the size after an update, not just the written fields', async () => {
    await be.db.doc('size/grow').set({ a: 'x'.repeat(600_000) });
    await expect(be.db.doc('size/grow').update({ b: 'y'.repeat(600_000) })).rejects.toMatchObject({
      code: Code.INVALID_ARGUMENT,
    });
    expect((await be.db.doc('size/grow').get()).get('b')).toBeUndefined();
  });
});

describe('nesting depth', () => {
  it('accepts maps nested 20 levels deep', async () => {
    await be.db.doc('depth/ok').set(nested(20));
    expect((await be.db.doc('depth/ok').get()).exists).toBe(true);
  });

  it('SDK: refuses a value nested far deeper than 20 levels before sending', () => {
    expect(() => be.db.doc('depth/sdk').set(nested(30))).toThrow(/deeper than 20/);
  });

  it('rejects maps nested deeper than 20 levels at the server', async () => {
    await expect(rawWrite('depth/raw', rawNested(30))).rejects.toMatchObject({
      code: Code.INVALID_ARGUMENT,
    });
    expect((await be.db.doc('depth/raw').get()).exists).toBe(false);
  });
});

describe('names', () => {
  it('rejects field names of the reserved form __name__-like', async () => {
    await expect(be.db.doc('names/reserved').set({ __reserved__: 1 })).rejects.toMatchObject({
      code: Code.INVALID_ARGUMENT,
    });
  });

  it('rejects reserved document ids', async () => {
    await expect(be.db.doc('names/__reserved__').set({ v: 1 })).rejects.toMatchObject({
      code: Code.INVALID_ARGUMENT,
    });
  });

  it('rejects document ids longer than 1500 bytes', async () => {
    await expect(
      be.db.collection('names').doc('d'.repeat(1501)).set({ v: 1 }),
    ).rejects.toMatchObject({ code: Code.INVALID_ARGUMENT });
    await be.db.collection('names').doc('d'.repeat(1500)).set({ v: 1 });
    expect((await be.db.collection('names').doc('d'.repeat(1500)).get()).exists).toBe(true);
  });

  it('rejects field names longer than 1500 bytes', async () => {
    await expect(
      be.db.doc('names/long-field').set({ ['f'.repeat(1501)]: 1 }),
    ).rejects.toMatchObject({ code: Code.INVALID_ARGUMENT });
  });

  it('SDK: refuses empty and malformed dotted field paths before sending', () => {
    expect(() => be.db.doc('names/x').update({ 'a..b': 1 })).toThrow();
    expect(() => new FieldPath('')).toThrow();
  });

  it('rejects a malformed update mask at the server', async () => {
    await expect(
      rawWrite('names/mask', { a: { booleanValue: true } }, ['a..b']),
    ).rejects.toMatchObject({ code: Code.INVALID_ARGUMENT });
    await expect(
      rawWrite('names/mask', { a: { booleanValue: true } }, ['`unterminated']),
    ).rejects.toMatchObject({ code: Code.INVALID_ARGUMENT });
  });
});

describe('wrong arguments the server rejects', () => {
  it('rejects an increment by a non-number', async () => {
    const database = `projects/${be.projectId}/databases/(default)`;
    await expect(
      raw.commit(
        {
          database,
          writes: [
            {
              transform: {
                document: `${database}/documents/args/inc`,
                fieldTransforms: [{ fieldPath: 'n', increment: { stringValue: 'one' } }],
              },
            },
          ],
        },
        ownerCall,
      ),
    ).rejects.toMatchObject({ code: Code.INVALID_ARGUMENT });
  });

  it('rejects a write to a collection path', async () => {
    await expect(rawWrite('args/doc/sub', { a: { booleanValue: true } })).rejects.toMatchObject({
      code: Code.INVALID_ARGUMENT,
    });
  });

  it(
    'rejects a cursor with more values than the orderBy has fields',
    { timeout: 30_000 },
    async () => {
      // The SDK checks this too, so the server is reached only through the raw client.
      const database = `projects/${be.projectId}/databases/(default)`;
      const stream = raw.runQuery(
        {
          parent: `${database}/documents`,
          structuredQuery: {
            from: [{ collectionId: 'args' }],
            orderBy: [{ field: { fieldPath: 'a' }, direction: 'ASCENDING' }],
            startAt: {
              values: [{ integerValue: '1' }, { integerValue: '2' }, { integerValue: '3' }],
            },
          },
        },
        ownerCall,
      );
      const done = new Promise<void>((resolve, reject) => {
        stream.on('data', () => undefined);
        stream.on('end', resolve);
        stream.on('error', reject);
      });
      await expect(done).rejects.toMatchObject({ code: Code.INVALID_ARGUMENT });
    },
  );
});
