import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startTestCloud } from '../../src/testing/index.ts';
import type { TestCloud } from '../../src/testing/index.ts';
import type { LocalCloudOptions } from '../../src/local-cloud.ts';

export const FIXTURE_DIR = fileURLToPath(new URL('./fixture/', import.meta.url));

/** How long a cloud with the fixture functions may take to start or stop. */
export const CLOUD_HOOK_TIMEOUT_MS = 30_000;

export interface FixtureBundle {
  readonly bundle: string;
  /** Deletes the built bundle. */
  remove(): void;
}

/**
 * Builds the fixture functions as the product's functions are built (one ESM file, the SDKs left
 * external). Each build gets its own folder: test files run in parallel and must not overwrite a
 * bundle another one is loading. The folder sits inside the repo so the SDKs resolve from node_modules.
 */
export async function buildFixtureBundle(): Promise<FixtureBundle> {
  const outdir = `${FIXTURE_DIR}lib/${randomUUID()}`;
  await build({
    entryPoints: [`${FIXTURE_DIR}index.ts`],
    outfile: `${outdir}/index.js`,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    external: ['firebase-functions', 'firebase-functions/*', 'firebase-admin', 'firebase-admin/*'],
    logLevel: 'error',
  });
  return {
    bundle: `${outdir}/index.js`,
    remove: () => {
      rmSync(outdir, { recursive: true, force: true });
    },
  };
}

export interface FixtureCloud extends TestCloud {
  /** The control API's base URL. */
  readonly controlUrl: string;
  /** Stops the cloud and removes its bundle. */
  stop(): Promise<void>;
}

/** A test cloud running the fixture functions. */
export async function startFixtureCloud(options: LocalCloudOptions = {}): Promise<FixtureCloud> {
  const fixture = await buildFixtureBundle();
  try {
    const cloud = await startTestCloud({
      functions: { bundle: fixture.bundle, functionsDir: FIXTURE_DIR },
      ...options,
    });
    return {
      ...cloud,
      controlUrl: `http://${cloud.cloud.host}:${String(cloud.cloud.ports.control)}`,
      stop: async () => {
        try {
          await cloud.stop();
        } finally {
          fixture.remove();
        }
      },
    };
  } catch (error) {
    fixture.remove();
    throw error;
  }
}

/** One delivery as a fixture function recorded it. */
export interface RecordedDelivery {
  readonly fn: string;
  readonly eventId: string;
  readonly type: string;
  readonly params: Record<string, string>;
  readonly summary: Record<string, unknown>;
  /** The order in which the runtime invoked the recording functions. */
  readonly invocation: number;
}

/** The deliveries the fixture functions recorded, in invocation order; all, or one function's. */
export async function recorded(cloud: TestCloud, fn?: string): Promise<RecordedDelivery[]> {
  const collection = cloud.firestore.collection('deliveries');
  const snapshot = await (fn === undefined ? collection : collection.where('fn', '==', fn)).get();
  return snapshot.docs
    .map((doc) => doc.data() as RecordedDelivery)
    .sort((a, b) => a.invocation - b.invocation);
}

/** The delivery log's outcomes for one function, in order. */
export function outcomes(cloud: TestCloud, functionName: string): string[] {
  return cloud.cloud.deliveries
    .filter((entry) => entry.functionName === functionName)
    .map((entry) => entry.outcome);
}

/**
 * Registers the hooks most test files share: a fixture cloud for the whole file, reset before each
 * test. `onStart` receives the cloud once it runs.
 */
export function useFixtureCloud(onStart: (cloud: FixtureCloud) => void): void {
  let cloud: FixtureCloud | undefined;
  beforeAll(async () => {
    cloud = await startFixtureCloud();
    onStart(cloud);
  }, CLOUD_HOOK_TIMEOUT_MS);
  afterAll(async () => {
    await cloud?.stop();
  }, CLOUD_HOOK_TIMEOUT_MS);
  beforeEach(async () => {
    await cloud?.reset();
  });
}
