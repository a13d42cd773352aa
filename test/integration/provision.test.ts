// Device provisioning against local-cloud's Firestore: the function behind `npm run provision`,
// and the command itself as a factory would run it.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Firestore } from 'firebase-admin/firestore';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startLocalCloud } from '@gadget/local-cloud';
import type { LocalCloud } from '@gadget/local-cloud';
import { COLLECTIONS, RegistryEntrySchema } from '@gadget/shared';
import type { RegistryEntry } from '@gadget/shared';
import { schemaConverter } from '../../functions/src/data/converter.ts';
import { hashClaimCode } from '../../functions/src/services/devices/claim-codes.ts';
import { normalizeReadableCode } from '../../functions/src/services/credentials/readable-codes.ts';
import { parseProvisionCommand } from '../../scripts/provision/cli-options.ts';
import { CODES_CSV_HEADER, createCodesFile } from '../../scripts/provision/codes-csv.ts';
import { signGadgetReport, verifyGadgetReport } from '../../scripts/provision/gadget-keys.ts';
import { provisionDevices, randomSerial } from '../../scripts/provision/provision-devices.ts';
import type { ProvisionedDevice } from '../../scripts/provision/provision-devices.ts';
import { localClaimCodeSecret } from '../../scripts/start/seed-local-cloud.ts';
import { adminFirestoreOn, closeAdminFirestore } from '../helpers/admin-firestore.ts';
import type { AdminFirestore } from '../helpers/admin-firestore.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SECRET = 'provisioning-test-secret';
const CROCKFORD_CODE = /^[0-9A-HJKMNP-TV-Z]{10}$/;
const RANDOM_SERIAL = /^GDG-[0-9A-HJKMNP-TV-Z]{8}$/;
/** A raw 32-byte Ed25519 key in standard base64. */
const KEY = '[A-Za-z0-9+/]{43}=';
const RAW_KEY = new RegExp(`^${KEY}$`);

let cloud: LocalCloud;
let admin: AdminFirestore;
let firestore: Firestore;
let dir: string;

beforeAll(async () => {
  cloud = await startLocalCloud({ logs: 'silent' });
  admin = adminFirestoreOn(cloud, 'provision-test');
  firestore = admin.firestore;
});
afterAll(async () => {
  await closeAdminFirestore(admin);
  await cloud.stop();
});
beforeEach(async () => {
  await cloud.reset();
  dir = mkdtempSync(join(tmpdir(), 'provision-test-'));
  return () => {
    rmSync(dir, { recursive: true, force: true });
  };
});

async function registry(): Promise<Map<string, RegistryEntry>> {
  const snapshot = await firestore
    .collection(COLLECTIONS.deviceRegistry)
    .withConverter(schemaConverter(RegistryEntrySchema))
    .get();
  return new Map(snapshot.docs.map((doc) => [doc.id, doc.data()]));
}

/** The entries as stored, every field, where the converter's schema would drop unknown ones. */
async function storedEntries(): Promise<Map<string, Record<string, unknown>>> {
  const snapshot = await firestore.collection(COLLECTIONS.deviceRegistry).get();
  return new Map(snapshot.docs.map((doc) => [doc.id, doc.data()]));
}

function csvDevices(path: string): ProvisionedDevice[] {
  return parseCsv(readFileSync(path, 'utf8'));
}

function parseCsv(text: string): ProvisionedDevice[] {
  const [header, ...rows] = text.trimEnd().split('\n');
  expect(header).toBe('serial,model,claimCode,privateKey,publicKey');
  expect(header).toBe(CODES_CSV_HEADER);
  return rows.map((row) => {
    const fields = row.split(',');
    expect(fields).toHaveLength(5);
    const [serial = '', model = '', claimCode = '', privateKey = '', publicKey = ''] = fields;
    return { serial, model: model as ProvisionedDevice['model'], claimCode, privateKey, publicKey };
  });
}

/**
 * Each device's keys as a relayed report needs them: the CSV's private key signs, the registry's
 * public key verifies, and a report with one byte changed does not; the private key is nowhere in
 * the stored entry.
 */
async function expectKeyPairs(devices: readonly ProvisionedDevice[]): Promise<void> {
  const stored = await storedEntries();
  const report = new TextEncoder().encode('{"seq":1,"firmware":"1.2.0"}');
  for (const device of devices) {
    expect(device.privateKey).toMatch(RAW_KEY);
    expect(device.publicKey).toMatch(RAW_KEY);
    const entry = stored.get(device.serial);
    expect(entry?.publicKey).toBe(device.publicKey);
    expect(Object.keys(entry ?? {})).not.toContain('privateKey');
    expect(JSON.stringify(entry)).not.toContain(device.privateKey);
    expect(JSON.stringify(entry)).not.toContain(
      Buffer.from(device.privateKey, 'base64').toString('base64url'),
    );

    const signature = signGadgetReport(report, device.privateKey);
    expect(verifyGadgetReport(report, signature, String(entry?.publicKey))).toBe(true);
    const tampered = Uint8Array.from(report);
    tampered[8] = (tampered[8] ?? 0) ^ 1;
    expect(verifyGadgetReport(tampered, signature, String(entry?.publicKey))).toBe(false);
  }
  expect(new Set(devices.map((d) => d.privateKey)).size).toBe(devices.length);
  expect(new Set(devices.map((d) => d.publicKey)).size).toBe(devices.length);
}

describe('provisionDevices', () => {
  it('creates 50 entries with unique serials, codes only as their HMAC, public keys only', async () => {
    const out = join(dir, 'codes.csv');
    const sink = createCodesFile(out);
    const result = await provisionDevices(firestore, {
      model: 'thermo-1',
      count: 50,
      prefix: 'GDG',
      claimCodeSecret: SECRET,
      onProvisioned: (devices) => {
        sink.write(devices);
      },
    });
    sink.close();
    expect(result).toEqual({ provisioned: 50, collisions: 0 });

    const devices = csvDevices(out);
    expect(devices).toHaveLength(50);
    expect(new Set(devices.map((d) => d.serial)).size).toBe(50);
    const entries = await registry();
    expect([...entries.keys()].sort()).toEqual(devices.map((d) => d.serial).sort());
    for (const device of devices) {
      expect(device.serial).toMatch(RANDOM_SERIAL);
      expect(device.model).toBe('thermo-1');
      expect(normalizeReadableCode(device.claimCode)).toMatch(CROCKFORD_CODE);
      const entry = entries.get(device.serial);
      expect(entry).toMatchObject({
        model: 'thermo-1',
        claimSecretHash: hashClaimCode(device.claimCode, SECRET),
        deviceKeyHash: null,
        claimedBy: null,
        deviceId: null,
        failedAttempts: 0,
      });
      // The code itself is stored nowhere in the entry.
      expect(JSON.stringify(entry)).not.toContain(normalizeReadableCode(device.claimCode));
    }
    expect(new Set(devices.map((d) => d.claimCode)).size).toBe(50);
    await expectKeyPairs(devices);
  });

  it('hands over the codes batch by batch as the entries are created', async () => {
    const batches: number[] = [];
    const seen = new Set<string>();
    const result = await provisionDevices(firestore, {
      model: 'air-1',
      count: 501,
      prefix: 'B',
      claimCodeSecret: SECRET,
      onProvisioned: (devices) => {
        batches.push(devices.length);
        for (const device of devices) seen.add(device.serial);
      },
    });
    expect(result.provisioned).toBe(501);
    expect(batches).toEqual([500, 1]);
    expect(seen.size).toBe(501);
    expect((await registry()).size).toBe(501);
  });

  it('never overwrites an existing entry: a taken serial is replaced by a fresh one', async () => {
    const first: ProvisionedDevice[] = [];
    await provisionDevices(firestore, {
      model: 'air-1',
      count: 5,
      prefix: 'GDG',
      claimCodeSecret: SECRET,
      onProvisioned: (devices) => first.push(...devices),
    });
    const before = await registry();

    // The second run is handed the five taken serials first.
    const taken = first.map((d) => d.serial);
    const second: ProvisionedDevice[] = [];
    const result = await provisionDevices(firestore, {
      model: 'thermo-1',
      count: 5,
      prefix: 'GDG',
      claimCodeSecret: SECRET,
      newSerial: (prefix) => taken.shift() ?? randomSerial(prefix),
      onProvisioned: (devices) => second.push(...devices),
    });

    expect(result).toEqual({ provisioned: 5, collisions: 5 });
    expect(second).toHaveLength(5);
    for (const device of second) expect(before.has(device.serial)).toBe(false);
    const after = await registry();
    expect(after.size).toBe(10);
    for (const device of first) {
      expect(after.get(device.serial)).toEqual(before.get(device.serial));
      expect(after.get(device.serial)?.claimSecretHash).toBe(
        hashClaimCode(device.claimCode, SECRET),
      );
    }
  });

  it.each([0, 10_001, 2.5])('refuses a count of %s and writes nothing', async (count) => {
    await expect(
      provisionDevices(firestore, {
        model: 'thermo-1',
        count,
        prefix: 'GDG',
        claimCodeSecret: SECRET,
        onProvisioned: () => undefined,
      }),
    ).rejects.toThrow(RangeError);
    expect((await registry()).size).toBe(0);
  });

  it('refuses to replace an existing codes file', () => {
    const out = join(dir, 'codes.csv');
    writeFileSync(out, 'earlier codes\n');
    expect(() => createCodesFile(out)).toThrow(/EEXIST/);
    expect(readFileSync(out, 'utf8')).toBe('earlier codes\n');
  });
});

const execFileAsync = promisify(execFile);

/** Runs the command as `npm run provision` does, with only the variables given. */
async function runProvision(
  args: readonly string[],
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) =>
        !/^(CLAIM_CODE_SECRET|GCLOUD_PROJECT|GOOGLE_CLOUD_PROJECT|FIREBASE_CONFIG|INIT_CWD|.*EMULATOR_HOST)$/.test(
          name,
        ),
    ),
  );
  try {
    const { stdout, stderr } = await execFileAsync(
      `${ROOT}node_modules/.bin/node`,
      [`${ROOT}scripts/provision.ts`, ...args],
      { cwd: ROOT, env: { ...clean, ...env } },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

describe('parseProvisionCommand', () => {
  const firebaserc = `${ROOT}.firebaserc`;
  const emulator = { FIRESTORE_EMULATOR_HOST: '127.0.0.1:8080' };
  const local = '127.0.0.1:18080';
  const parse = (argv: string[], env: NodeJS.ProcessEnv) =>
    parseProvisionCommand(argv, env, firebaserc, local);

  it('takes the project from .firebaserc and leaves a demo project without a secret', () => {
    expect(parse(['--model', 'air-1', '--count', '7'], emulator)).toEqual({
      model: 'air-1',
      count: 7,
      out: undefined,
      prefix: 'GDG',
      projectId: 'demo-gadget',
      claimCodeSecret: undefined,
      emulatorHost: '127.0.0.1:8080',
      target: 'the Firestore emulator at 127.0.0.1:8080',
    });
  });

  it('sends a demo project to the local emulators when FIRESTORE_EMULATOR_HOST is not set', () => {
    expect(parse(['--model', 'thermo-1', '--count', '1'], {})).toMatchObject({
      projectId: 'demo-gadget',
      emulatorHost: local,
      target: `the Firestore emulator at ${local}`,
    });
  });

  it('prefers --project over GCLOUD_PROJECT and takes CLAIM_CODE_SECRET', () => {
    const command = parse(['--model', 'thermo-1', '--count', '1', '--project', 'gadget-prod'], {
      GCLOUD_PROJECT: 'gadget-staging',
      CLAIM_CODE_SECRET: 'k',
    });
    expect(command).toMatchObject({
      projectId: 'gadget-prod',
      claimCodeSecret: 'k',
      emulatorHost: undefined,
      target: 'production',
    });
  });

  it.each<[string, string[], NodeJS.ProcessEnv, RegExp]>([
    [
      'a real project with an empty CLAIM_CODE_SECRET',
      ['--model', 'thermo-1', '--count', '1'],
      { GCLOUD_PROJECT: 'gadget-prod', CLAIM_CODE_SECRET: '' },
      /CLAIM_CODE_SECRET is required for gadget-prod/,
    ],
    ['a missing model', ['--count', '1'], emulator, /--model must be one of thermo-1, air-1/],
    ['an unknown model', ['--model', 'toaster-9', '--count', '1'], emulator, /--model must be/],
    ['a count of 0', ['--model', 'air-1', '--count', '0'], emulator, /--count must be/],
    ['a count over the limit', ['--model', 'air-1', '--count', '10001'], emulator, /--count/],
    ['a fractional count', ['--model', 'air-1', '--count', '1.5'], emulator, /--count must be/],
    [
      'a lower-case prefix',
      ['--model', 'air-1', '--count', '1', '--prefix', 'gdg'],
      emulator,
      /--prefix/,
    ],
    ['a positional argument', ['--model', 'air-1', '--count', '1', 'extra'], emulator, /extra/],
    ['an unknown option', ['--model', 'air-1', '--count', '1', '--force'], emulator, /--force/],
  ])('refuses %s', (_name, args, env, message) => {
    expect(() => parse(args, env)).toThrow(message);
  });
});

describe('npm run provision', () => {
  it('writes the entries to the emulator and each code and key pair once, to the file', async () => {
    const out = join(dir, 'codes.csv');
    // npm runs the script from the package root; a relative --out is the caller's directory.
    const run = await runProvision(
      ['--model', 'air-1', '--count', '3', '--out', 'codes.csv', '--project', cloud.projectId],
      { FIRESTORE_EMULATOR_HOST: cloud.firestoreServer.address, INIT_CWD: dir },
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Provisioned 3 air-1 device(s) in ${cloud.projectId}`);
    expect(run.stdout).toContain(`claim codes and keys in ${out}`);
    expect(run.stdout).toContain('CLAIM_CODE_SECRET is not set');

    const devices = csvDevices(out);
    expect(devices).toHaveLength(3);
    // The local demo key, as local-cloud's functions use it: the seeded devices claim the same way.
    const secret = localClaimCodeSecret(`${ROOT}functions`, cloud.projectId);
    const entries = await registry();
    for (const device of devices) {
      expect(run.stdout).not.toContain(device.claimCode);
      expect(run.stdout).not.toContain(device.privateKey);
      expect(entries.get(device.serial)?.claimSecretHash).toBe(
        hashClaimCode(device.claimCode, secret),
      );
      expect(entries.get(device.serial)?.model).toBe('air-1');
      expect(entries.get(device.serial)?.publicKey).toBe(device.publicKey);
    }
    await expectKeyPairs(devices);
  });

  it('without --out prints the CSV on stdout and the summary on stderr', async () => {
    const run = await runProvision(
      ['--model', 'thermo-1', '--count', '2', '--prefix', 'LAB7', '--project', cloud.projectId],
      { FIRESTORE_EMULATOR_HOST: cloud.firestoreServer.address, CLAIM_CODE_SECRET: SECRET },
    );
    expect(run.code).toBe(0);
    const rows = run.stdout.trimEnd().split('\n').slice(1);
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row).toMatch(new RegExp(`^LAB7-[0-9A-Z]{8},thermo-1,[0-9A-Z-]{12},${KEY},${KEY}$`));
    }
    expect(run.stderr).toContain('Provisioned 2 thermo-1 device(s)');
    expect(run.stderr).not.toContain('CLAIM_CODE_SECRET is not set');
    const devices = parseCsv(run.stdout);
    const entries = await registry();
    for (const device of devices) {
      expect(entries.get(device.serial)?.claimSecretHash).toBe(
        hashClaimCode(device.claimCode, SECRET),
      );
      expect(run.stderr).not.toContain(device.privateKey);
    }
    await expectKeyPairs(devices);
  });

  it('refuses a real project without CLAIM_CODE_SECRET and writes nothing', async () => {
    const run = await runProvision(
      ['--model', 'thermo-1', '--count', '1', '--project', 'gadget-prod'],
      { FIRESTORE_EMULATOR_HOST: cloud.firestoreServer.address },
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/CLAIM_CODE_SECRET is required for gadget-prod/);
    expect(run.stdout).toBe('');
    expect((await registry()).size).toBe(0);
  });

  it('refuses an --out file that exists and leaves it as it was', async () => {
    const out = join(dir, 'codes.csv');
    writeFileSync(out, 'earlier codes\n');
    const run = await runProvision(
      ['--model', 'air-1', '--count', '1', '--out', out, '--project', cloud.projectId],
      { FIRESTORE_EMULATOR_HOST: cloud.firestoreServer.address },
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('exists');
    expect(readFileSync(out, 'utf8')).toBe('earlier codes\n');
    expect((await registry()).size).toBe(0);
  });

  it('--help explains the options', async () => {
    const run = await runProvision(['--help'], {});
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('--model MODEL    thermo-1 | air-1');
    expect(run.stdout).toContain('(serial,model,claimCode,privateKey,publicKey;');
  });
});
