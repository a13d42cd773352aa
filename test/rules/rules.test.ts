import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { RulesTestEnvironment } from '@firebase/rules-unit-testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalCloud } from '@gadget/local-cloud';
import { COLLECTIONS } from '@gadget/shared';
import { detectOfficialEmulators, notRunLine, parseHostAndPort } from './emulators.ts';
import { firestoreRulesCases } from './firestore-cases.ts';
import { startRulesEnv } from './rules-env.ts';
import { storageRulesCases } from './storage-cases.ts';

// The rules run only on the official emulators (`npm run test:emulators` starts them and runs
// this file); elsewhere it says so in one line and the run stays green.
const emulators = await detectOfficialEmulators();
if (!emulators.available) console.log(notRunLine(emulators.reason));

describe.skipIf(!emulators.available)('security rules on the official emulators', () => {
  let env: RulesTestEnvironment | undefined;
  const current = (): RulesTestEnvironment => {
    if (env === undefined) throw new Error('the rules test environment did not start');
    return env;
  };

  beforeAll(async () => {
    if (emulators.available) env = await startRulesEnv(emulators);
  });
  afterAll(async () => {
    await env?.cleanup();
  });

  describe('firestore.rules', () => {
    firestoreRulesCases(current);
  });
  describe('storage.rules', () => {
    storageRulesCases(current);
  });
});

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Collections only the functions touch: no rule opens them, on purpose. */
const SERVER_ONLY = new Set<string>([
  COLLECTIONS.deviceRegistry,
  COLLECTIONS.invites,
  COLLECTIONS.processedEvents,
  COLLECTIONS.rateLimits,
  COLLECTIONS.jobs,
  COLLECTIONS.accountDeletions,
]);

describe('rules files', () => {
  it('every shared collection is either opened by a rule or listed as server only', () => {
    const rules = readFileSync(`${ROOT}firestore.rules`, 'utf8');
    const matched = new Set([...rules.matchAll(/match \/(\w+)\/\{/g)].map((m) => m[1]));
    for (const collection of Object.values(COLLECTIONS)) {
      const decided = matched.has(collection) !== SERVER_ONLY.has(collection);
      expect(decided, `${collection}: open it in firestore.rules or list it as server only`).toBe(
        true,
      );
    }
  });

  it('the only client writes are the mark-read update and the two upload paths', () => {
    const writes = (file: string) =>
      [...readFileSync(`${ROOT}${file}`, 'utf8').matchAll(/allow ([\w, ]+):/g)]
        .map((m) => m[1])
        .filter((methods) => methods !== 'get' && methods !== 'read');
    expect(writes('firestore.rules')).toEqual(['update']);
    expect(writes('storage.rules')).toEqual(['create, update', 'create, update']);
  });
});

describe('official emulator detection', () => {
  it('does not take local-cloud for the official emulators', async () => {
    const cloud = await startLocalCloud({ logs: 'silent' });
    try {
      const detection = await detectOfficialEmulators({
        FIRESTORE_EMULATOR_HOST: cloud.emulatorEnv.FIRESTORE_EMULATOR_HOST,
        FIREBASE_STORAGE_EMULATOR_HOST: cloud.emulatorEnv.FIREBASE_STORAGE_EMULATOR_HOST,
      });
      expect(detection).toMatchObject({ available: false });
      expect(detection.available || detection.reason).toMatch(/not the official Firestore/);
    } finally {
      await cloud.stop();
    }
  });

  it('explains that the variables are missing', async () => {
    const detection = await detectOfficialEmulators({});
    expect(detection.available || notRunLine(detection.reason)).toBe(
      'rules tests not run: the official Firestore and Storage emulators are not running (they need Java 21); run npm run test:emulators (it starts the official emulators for them)',
    );
  });

  it.each([
    ['127.0.0.1:8080', { host: '127.0.0.1', port: 8080 }],
    ['localhost:9199', { host: 'localhost', port: 9199 }],
    ['[::1]:8080', { host: '::1', port: 8080 }],
    ['localhost', undefined],
  ])('reads %s as %j', (value, expected) => {
    expect(parseHostAndPort(value)).toEqual(expected);
  });
});
