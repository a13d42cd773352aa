/**
 * Generates src/firestore/generated/: the TypeScript shapes of google.firestore.v1, written by
 * @grpc/proto-loader's proto-loader-gen-types from the protos that firestore/protos.ts serves, and
 * decoded with the same options (PROTO_OPTIONS), so `Value__Output` is what a handler receives.
 *
 *   npm run protos:types --workspace local-cloud
 *
 * The output is checked in; test/firestore/generated-types.test.ts fails when it is stale (after an
 * upgrade of @google-cloud/firestore or @grpc/proto-loader, or a change of PROTO_OPTIONS).
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Options } from '@grpc/proto-loader';
import { PROTO_OPTIONS } from '../src/net/grpc.ts';
import { firestoreProtosDir } from '../src/firestore/protos.ts';

export const GENERATED_DIR = fileURLToPath(new URL('../src/firestore/generated', import.meta.url));

const ENTRY_PROTO = 'google/firestore/v1/firestore.proto';
const WRITE_PROTO = 'google/firestore/v1/write.proto';
/** How generated headers name the protos: by package, not by this machine's paths. */
const PROTOS_LABEL = '@google-cloud/firestore/build/protos';

/** Writes the generated types into `outDir` (created if missing; stale files are not removed). */
export async function generateProtoTypes(outDir: string): Promise<void> {
  const protosDir = firestoreProtosDir();
  // protos.ts adds Write.verify to the parsed protos; the generator reads files, so it is given a
  // copy of write.proto with the same field, found before the original on the include path.
  const overlay = await mkdtemp(path.join(tmpdir(), 'local-cloud-protos-'));
  try {
    const write = await readFile(path.join(protosDir, WRITE_PROTO), 'utf8');
    await mkdir(path.join(overlay, path.dirname(WRITE_PROTO)), { recursive: true });
    await writeFile(path.join(overlay, WRITE_PROTO), withVerifyField(write));
    const generator = createRequire(import.meta.url).resolve(
      '@grpc/proto-loader/build/bin/proto-loader-gen-types.js',
    );
    await promisify(execFile)(process.execPath, [
      generator,
      ...generatorFlags(PROTO_OPTIONS),
      '--importFileExtension=.ts',
      `--includeDirs=${overlay}`,
      `--includeDirs=${protosDir}`,
      `--outDir=${outDir}`,
      ENTRY_PROTO,
    ]);
    await relabelHeaders(outDir, [
      [path.join(overlay, WRITE_PROTO), `${PROTOS_LABEL}/${WRITE_PROTO}, with Write.verify added`],
      [protosDir, PROTOS_LABEL],
    ]);
  } finally {
    await rm(overlay, { recursive: true, force: true });
  }
}

/** The client SDKs' `Write.verify` (field 5 of the `operation` oneof), as protos.ts adds it. */
export function withVerifyField(writeProto: string): string {
  if (/\bverify\s*=\s*5\s*;/.test(writeProto)) return writeProto;
  const oneof = /^([ \t]*)oneof operation \{\n/m.exec(writeProto);
  if (!oneof) throw new Error(`${WRITE_PROTO} has no "oneof operation": update withVerifyField`);
  const indent = `${oneof[1] ?? ''}  `;
  const at = oneof.index + oneof[0].length;
  const field = `${indent}// A document checked against the precondition and left unchanged.\n${indent}string verify = 5;\n\n`;
  return writeProto.slice(0, at) + field + writeProto.slice(at);
}

/** The command-line flags that make the generator decode as `options` do at run time. */
export function generatorFlags(options: Options): string[] {
  const flags: string[] = [];
  if (options.keepCase) flags.push('--keepCase');
  if (options.longs === String) flags.push('--longs=String');
  else if (options.longs === Number) flags.push('--longs=Number');
  if (options.enums === String) flags.push('--enums=String');
  if (options.bytes === String) flags.push('--bytes=String');
  else if (options.bytes === Array) flags.push('--bytes=Array');
  if (options.defaults) flags.push('--defaults');
  if (options.arrays) flags.push('--arrays');
  if (options.objects) flags.push('--objects');
  if (options.oneofs) flags.push('--oneofs');
  if (options.json) flags.push('--json');
  return flags;
}

/** Rewrites each file's "// Original file:" header so the output does not depend on local paths. */
async function relabelHeaders(dir: string, labels: [from: string, to: string][]): Promise<void> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  for (const entry of entries) {
    if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
    const file = path.join(entry.parentPath, entry.name);
    const text = await readFile(file, 'utf8');
    const relabelled = labels.reduce((t, [from, to]) => t.replaceAll(from, to), text);
    if (relabelled !== text) await writeFile(file, relabelled);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await rm(GENERATED_DIR, { recursive: true, force: true });
  await generateProtoTypes(GENERATED_DIR);
  console.log(`Wrote ${path.relative(process.cwd(), GENERATED_DIR)}`);
}
