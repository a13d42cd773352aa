import { status } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { RpcError } from '../data/errors.ts';
import { fromProtoJson, parseProtoJson, toProtoJson } from './proto-json.ts';

const V1 = 'google.firestore.v1.';

/** JSON → proto-loader shape → JSON gives back what was sent. */
function roundTrip(type: string, json: object): Record<string, unknown> {
  const object = fromProtoJson(V1 + type, json);
  expect(toProtoJson(V1 + type, object)).toEqual(json);
  return object;
}

function expectInvalid(f: () => unknown): void {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(RpcError);
    expect((e as RpcError).code).toBe(status.INVALID_ARGUMENT);
    return;
  }
  throw new Error('expected INVALID_ARGUMENT');
}

describe('ProtoJSON codec', () => {
  it('round-trips every Value kind into the shapes proto-loader decodes', () => {
    expect(roundTrip('Value', { nullValue: null })).toEqual({
      nullValue: 'NULL_VALUE',
      valueType: 'nullValue',
    });
    expect(roundTrip('Value', { booleanValue: false }).booleanValue).toBe(false);
    expect(roundTrip('Value', { integerValue: '-9223372036854775808' }).integerValue).toBe(
      '-9223372036854775808',
    );
    expect(roundTrip('Value', { doubleValue: 1.5 }).doubleValue).toBe(1.5);
    expect(roundTrip('Value', { doubleValue: 'NaN' }).doubleValue).toBeNaN();
    expect(roundTrip('Value', { doubleValue: '-Infinity' }).doubleValue).toBe(-Infinity);
    expect(roundTrip('Value', { timestampValue: '2024-01-02T03:04:05.123456Z' })).toMatchObject({
      timestampValue: { seconds: '1704164645', nanos: 123456000 },
    });
    expect(roundTrip('Value', { stringValue: '' }).stringValue).toBe('');
    const bytes = roundTrip('Value', { bytesValue: 'AAEC/w==' }).bytesValue;
    expect(Buffer.isBuffer(bytes) && [...bytes]).toEqual([0, 1, 2, 255]);
    roundTrip('Value', { referenceValue: 'projects/p/databases/(default)/documents/a/b' });
    roundTrip('Value', { geoPointValue: { latitude: 1.5, longitude: -2 } });
    roundTrip('Value', { arrayValue: { values: [{ integerValue: '1' }, { stringValue: 'x' }] } });
    roundTrip('Value', { mapValue: { fields: { a: { mapValue: {} } } } });
    // The NULL_VALUE spelling clients may send decodes alike.
    expect(fromProtoJson(`${V1}Value`, { nullValue: 'NULL_VALUE' }).nullValue).toBe('NULL_VALUE');
  });

  it('round-trips the stream and query messages', () => {
    roundTrip('ListenRequest', {
      database: 'projects/p/databases/(default)',
      addTarget: {
        targetId: 2,
        query: {
          parent: 'projects/p/databases/(default)/documents',
          structuredQuery: {
            from: [{ collectionId: 'c' }],
            where: {
              fieldFilter: { field: { fieldPath: 'n' }, op: 'EQUAL', value: { integerValue: '1' } },
            },
            limit: 10,
          },
        },
        resumeToken: 'AQI=',
      },
    });
    const listen = roundTrip('ListenResponse', {
      targetChange: {
        targetChangeType: 'CURRENT',
        targetIds: [2],
        resumeToken: 'AQI=',
        readTime: '2023-11-14T22:13:20.000005Z',
      },
    });
    expect(listen).toMatchObject({
      responseType: 'targetChange',
      targetChange: { readTime: { seconds: '1700000000', nanos: 5000 } },
    });
    roundTrip('WriteRequest', {
      streamToken: 'AQI=',
      writes: [
        {
          update: { name: 'projects/p/databases/(default)/documents/a/b' },
          updateMask: { fieldPaths: ['x'] },
          currentDocument: { exists: true },
        },
        { verify: 'projects/p/databases/(default)/documents/a/c' },
      ],
    });
    roundTrip('WriteResponse', {
      streamId: 's1',
      streamToken: 'AQI=',
      writeResults: [{ updateTime: '2024-01-01T00:00:00.000Z' }],
      commitTime: '2024-01-01T00:00:00.000Z',
    });
    roundTrip('RunQueryRequest', {
      parent: 'projects/p/databases/(default)/documents',
      structuredQuery: { from: [{ collectionId: 'c', allDescendants: true }], offset: 3 },
      readTime: '2024-01-01T00:00:00.000Z',
    });
  });

  it('leaves proto3 defaults out, but keeps oneof members and accepts numeric enums', () => {
    const out = toProtoJson(`${V1}ListenResponse`, {
      targetChange: { targetChangeType: 'NO_CHANGE', targetIds: [], resumeToken: Buffer.alloc(0) },
    });
    expect(out).toEqual({ targetChange: {} });
    expect(toProtoJson(`${V1}Value`, { integerValue: '0' })).toEqual({ integerValue: '0' });
    expect(
      fromProtoJson(`${V1}ListenResponse`, { targetChange: { targetChangeType: 2 } }),
    ).toMatchObject({ targetChange: { targetChangeType: 'REMOVE' } });
  });

  it('encodes a byte view at an offset of a larger buffer by its own bytes', () => {
    const backing = new Uint8Array([9, 9, 1, 2, 3]);
    const view = new Uint8Array(backing.buffer, 2, 3);
    expect(toProtoJson(`${V1}Value`, { bytesValue: view })).toEqual({ bytesValue: 'AQID' });
  });

  it('refuses malformed JSON and shapes with INVALID_ARGUMENT', () => {
    expectInvalid(() => parseProtoJson(`${V1}ListenRequest`, '{"addTarget":'));
    expectInvalid(() => fromProtoJson(`${V1}ListenRequest`, [1, 2]));
    expectInvalid(() => fromProtoJson(`${V1}Value`, { integerValue: 'abc' }));
    expectInvalid(() => fromProtoJson(`${V1}Value`, { integerValue: '9223372036854775808' }));
    expectInvalid(() => fromProtoJson(`${V1}Value`, { integerValue: 1.5 }));
    expectInvalid(() => fromProtoJson(`${V1}Value`, { timestampValue: 'yesterday' }));
    expectInvalid(() => fromProtoJson(`${V1}Value`, { stringValue: 5 }));
    expectInvalid(() => fromProtoJson(`${V1}ListenRequest`, { addTarget: { targetId: 'two' } }));
    expectInvalid(() => fromProtoJson(`${V1}WriteRequest`, { writes: { update: {} } }));
  });
});
