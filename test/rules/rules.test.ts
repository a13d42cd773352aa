import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { RulesTestEnvironment } from '@firebase/rules-unit-testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalCloud } from '@gadget/local-cloud';
import type { LocalCloud } from '@gadget/local-cloud';
import { COLLECTIONS } from '@gadget/shared';
import { ON_EMULATORS } from '../helpers/target.ts';
import { detectOfficialEmulators, notRunLine, parseHostAndPort } from './emulators.ts';
import type { EmulatorDetection } from './emulators.ts';
import { firestoreRulesCases } from './firestore-cases.ts';
import { rulesCoverageGaps } from './coverage.ts';
import { RULES_PROJECT_ID, startRulesEnv } from './rules-env.ts';
import { storageRulesCases } from './storage-cases.ts';

// `npm test` runs the rules on local-cloud, which evaluates them for every client request;
// `npm run test:emulators` (GADGET_TEST_TARGET=emulators) runs the same cases on the official
// emulators, and fails when they cannot be found rather than skipping.
const where = ON_EMULATORS ? 'the official emulators' : 'local-cloud';

describe(`security rules on ${where}`, () => {
  let env: RulesTestEnvironment | undefined;
  let cloud: LocalCloud | undefined;
  const current = (): RulesTestEnvironment => {
    if (env === undefined) throw new Error('the rules test environment did not start');
    return env;
  };

  beforeAll(async () => {
    let hosts: Extract<EmulatorDetection, { available: true }>;
    if (ON_EMULATORS) {
      const official = await detectOfficialEmulators();
      if (!official.available) throw new Error(notRunLine(official.reason));
      hosts = official;
    } else {
      // Storage's firestore.get() reads the Firestore of the Storage server's own project.
      cloud = await startLocalCloud({ projectId: RULES_PROJECT_ID, logs: 'silent' });
      const { host } = cloud;
      hosts = {
        available: true,
        firestore: { host, port: cloud.ports.firestore },
        storage: { host, port: cloud.ports.storage },
      };
    }
    env = await startRulesEnv(hosts);
  });
  afterAll(async () => {
    await env?.cleanup();
    await cloud?.stop();
  });

  describe('firestore.rules', () => {
    firestoreRulesCases(current);
  });
  describe('storage.rules', () => {
    storageRulesCases(current);
  });

  // Runs after every case above: each allow statement of both files must have been seen allowing
  // and refusing, or a rule is untested in one direction.
  it.skipIf(ON_EMULATORS)(
    'covers every allow condition of both files, true and false',
    async () => {
      if (!cloud) throw new Error('local-cloud did not start');
      expect(await rulesCoverageGaps(cloud, RULES_PROJECT_ID)).toEqual([]);
    },
  );
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
  COLLECTIONS.coMembers,
  COLLECTIONS.rollouts,
]);

describe('rules files', () => {
  it('every shared collection is either opened by a rule or listed as server only', () => {
    const rules = readFileSync(`${ROOT}firestore.rules`, 'utf8');
    // `match /devices/{deviceId}` or, for one named document, `match /private/identity`.
    const matched = new Set([...rules.matchAll(/match \/(\w+)\/[{\w]/g)].map((m) => m[1]));
    for (const collection of Object.values(COLLECTIONS)) {
      const decided = matched.has(collection) !== SERVER_ONLY.has(collection);
      expect(decided, `${collection}: open it in firestore.rules or list it as server only`).toBe(
        true,
      );
    }
  });

  it('skips no rules case: a skipped, pending or focused case fails the run', () => {
    for (const file of ['firestore-cases.ts', 'storage-cases.ts', 'rules.test.ts']) {
      const source = readFileSync(`${ROOT}test/rules/${file}`, 'utf8');
      // rules.test.ts skips only the coverage gate on the official emulators, which have none.
      const allowed = file === 'rules.test.ts' ? 1 : 0;
      const skips = source.match(/\.(skip|todo|only|runIf|skipIf)\b|\bx(it|describe)\(/g) ?? [];
      expect(skips.length, `${file}: ${skips.join(', ')}`).toBe(allowed);
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
