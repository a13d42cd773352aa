// The package's two entries: the root, which runs the dev server, and `./testing`, the harness
// with its admin clients. firebase-admin and the Cloud Storage client are the harness's alone, so
// neither importing the root nor running a cloud from it may load them (a fresh process each,
// reporting every package it loaded).
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const PROBE = fileURLToPath(new URL('./package-probe.ts', import.meta.url));
const HARNESS_ONLY = ['firebase-admin', '@google-cloud/storage'];

async function packagesLoaded(...args: string[]): Promise<string[]> {
  const { stdout } = await run(process.execPath, [PROBE, ...args]);
  return (JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as { packages: string[] }).packages;
}

describe('the entry points of @gadget/local-cloud', () => {
  it('the root loads neither firebase-admin nor the Cloud Storage client', async () => {
    const packages = await packagesLoaded('@gadget/local-cloud');
    // What the root does load, so an empty report cannot pass for a clean one.
    expect(packages).toContain('@grpc/grpc-js');
    for (const name of HARNESS_ONLY) expect(packages).not.toContain(name);
  }, 60_000);

  it('a cloud started and stopped from the root loads neither', async () => {
    const packages = await packagesLoaded('@gadget/local-cloud', '--start');
    // The Firestore server reads its protos from @google-cloud/firestore's folder as it starts.
    expect(packages).toContain('@google-cloud/firestore');
    for (const name of HARNESS_ONLY) expect(packages).not.toContain(name);
  }, 60_000);

  it('the testing entry loads both, with the root', async () => {
    const packages = await packagesLoaded('@gadget/local-cloud/testing');
    for (const name of HARNESS_ONLY) expect(packages).toContain(name);
    expect(packages).toContain('@grpc/grpc-js');
  }, 60_000);
});
