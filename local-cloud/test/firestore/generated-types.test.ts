import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  GENERATED_DIR,
  generateProtoTypes,
  generatorFlags,
  withVerifyField,
} from '../../scripts/proto-types.ts';
import { firestoreProtos } from '../../src/firestore/protos.ts';
import { PROTO_OPTIONS } from '../../src/net/grpc.ts';

async function filesUnder(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    files.set(path.relative(dir, file), await readFile(file, 'utf8'));
  }
  return files;
}

describe('src/firestore/generated', () => {
  let fresh: string;
  beforeAll(async () => {
    fresh = await mkdtemp(path.join(tmpdir(), 'local-cloud-generated-'));
    await generateProtoTypes(fresh);
  });
  afterAll(async () => {
    await rm(fresh, { recursive: true, force: true });
  });

  it('is what `npm run protos:types --workspace local-cloud` writes today', async () => {
    const [checkedIn, regenerated] = await Promise.all([
      filesUnder(GENERATED_DIR),
      filesUnder(fresh),
    ]);
    expect([...checkedIn.keys()].sort()).toEqual([...regenerated.keys()].sort());
    const stale = [...regenerated].filter(([file, text]) => checkedIn.get(file) !== text);
    expect(stale.map(([file]) => file)).toEqual([]);
  });

  it('types Write.verify, which protos.ts adds to the served protos', async () => {
    const write = await readFile(path.join(fresh, 'google/firestore/v1/Write.ts'), 'utf8');
    expect(write).toMatch(/'verify'\?: \(string\);/);
    expect(
      firestoreProtos().root.lookupType('google.firestore.v1.Write').fields['verify']?.id,
    ).toBe(5);
  });

  it('types int64 as string and enums by name, as PROTO_OPTIONS decodes them', async () => {
    const value = await readFile(path.join(fresh, 'google/firestore/v1/Value.ts'), 'utf8');
    const output = value.slice(value.indexOf('export interface Value__Output'));
    expect(output).toContain("'integerValue'?: (string);");
    expect(output).toContain("'bytesValue'?: (Buffer);");
    expect(output).toContain('\'valueType\'?: "nullValue"|');
  });
});

describe('generatorFlags', () => {
  it('passes every decoding option the gRPC server uses', () => {
    expect(generatorFlags(PROTO_OPTIONS).sort()).toEqual(
      ['--enums=String', '--longs=String', '--oneofs'].sort(),
    );
  });

  it('leaves proto-loader defaults unflagged and flags the others', () => {
    expect(generatorFlags({})).toEqual([]);
    expect(
      generatorFlags({ keepCase: true, longs: Number, bytes: String, defaults: true }),
    ).toEqual(['--keepCase', '--longs=Number', '--bytes=String', '--defaults']);
  });
});

describe('withVerifyField', () => {
  const proto = 'message Write {\n  oneof operation {\n    Document update = 1;\n  }\n}\n';

  it('adds verify = 5 to the operation oneof', () => {
    const patched = withVerifyField(proto);
    expect(patched).toMatch(
      /oneof operation \{\n(.*\n)*\s+string verify = 5;\n(.*\n)*\s+Document update = 1;/,
    );
  });

  it('leaves a write.proto that already has verify unchanged', () => {
    const patched = withVerifyField(proto);
    expect(withVerifyField(patched)).toBe(patched);
  });

  it('fails loudly when the oneof it extends is gone', () => {
    expect(() => withVerifyField('message Write {\n  Document update = 1;\n}\n')).toThrow(
      /no "oneof operation"/,
    );
  });
});
