// examples/node-app as an app repository of its own uses the typed client: packed by
// `npm run client:pack`, laid out in a copy of the app outside the workspace as
// `npm install <tarball>` lays it out (its dependency zod and its peer firebase taken from this
// repository's node_modules, so no network is needed), typechecked against the package's
// declarations, and run against a local-cloud with the product's functions.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestCloud } from '@gadget/local-cloud/testing';
import { provisionDevice } from '../helpers/devices.ts';
import { startProductCloud } from '../helpers/product-cloud.ts';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const EXAMPLE = `${ROOT}examples/node-app/`;

interface Manifest {
  name: string;
  private?: boolean;
  exports: Record<string, { types: string; default: string }>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

let dir: string;
let app: string;
let tarball: string;
let cloud: TestCloud;

/** What `npm install <tarball>` puts in node_modules: the package's files, as packed. */
async function installTarball(into: string): Promise<void> {
  const unpacked = join(dir, 'unpacked');
  mkdirSync(unpacked);
  await run('tar', ['-xzf', tarball, '-C', unpacked]);
  mkdirSync(join(into, 'node_modules', '@gadget'), { recursive: true });
  renameSync(join(unpacked, 'package'), join(into, 'node_modules', '@gadget', 'shared'));
}

/** A package of this repository's node_modules, linked where the app's own install would put it. */
function linkInstalled(name: string): void {
  const target = join(app, 'node_modules', name);
  mkdirSync(join(target, '..'), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules', name), target, 'dir');
}

const installed = (): Manifest =>
  JSON.parse(
    readFileSync(join(app, 'node_modules/@gadget/shared/package.json'), 'utf8'),
  ) as Manifest;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gadget-node-app-'));
  app = join(dir, 'app');
  const started = startProductCloud({ functionsEnv: { APP_CHECK_ENFORCED: 'false' } });
  // The README's command, as an app developer runs it.
  const packed = await run('npm', ['run', '-s', 'client:pack', '--', '--out', join(dir, 'dist')], {
    cwd: ROOT,
  });
  tarball = /^In the app: npm install (\S+) firebase$/m.exec(packed.stdout)?.[1] ?? '';
  for (const file of ['package.json', 'tsconfig.json', 'main.ts']) {
    cpSync(join(EXAMPLE, file), join(app, file));
  }
  await installTarball(app);
  for (const name of ['firebase', 'zod', '@types/node']) linkInstalled(name);
  cloud = await started;
}, 120_000);

afterAll(async () => {
  await cloud.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('the typed client in an app of its own', () => {
  it('is a built package: JavaScript and declarations only, firebase a peer, installable', () => {
    const manifest = installed();
    expect(manifest.name).toBe('@gadget/shared');
    expect(manifest.private).toBeUndefined();
    expect(Object.keys(manifest.exports).sort()).toEqual(['.', './client']);
    for (const entry of Object.values(manifest.exports)) {
      expect(existsSync(join(app, 'node_modules/@gadget/shared', entry.default))).toBe(true);
      expect(existsSync(join(app, 'node_modules/@gadget/shared', entry.types))).toBe(true);
    }
    expect(Object.keys(manifest.dependencies ?? {})).toEqual(['zod']);
    expect(Object.keys(manifest.peerDependencies ?? {})).toEqual(['firebase']);
    const example = JSON.parse(readFileSync(join(EXAMPLE, 'package.json'), 'utf8')) as Manifest;
    expect(example.dependencies?.['@gadget/shared']).toBe(
      `file:../../dist/${tarball.split('/').at(-1) ?? ''}`,
    );
    const workspaces = (
      JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { workspaces: string[] }
    ).workspaces;
    expect(workspaces.some((workspace) => workspace.startsWith('examples'))).toBe(false);
  });

  it('ships no TypeScript source, and its declarations import built files', async () => {
    const { stdout } = await run('tar', ['-tzf', tarball]);
    const files = stdout.trim().split('\n');
    expect(files).toContain('package/dist/client.js');
    expect(files.filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))).toEqual([]);
    expect(files.some((file) => file.includes('.test.'))).toBe(false);
    const declarations = readFileSync(
      join(app, 'node_modules/@gadget/shared/dist/client.d.ts'),
      'utf8',
    );
    expect(declarations).toContain("from './callables.js'");
  });

  it('uses the app’s own copy of the firebase SDK, not one of its own', () => {
    const fromApp = createRequire(join(app, 'main.ts')).resolve('firebase/functions');
    const fromClient = createRequire(
      join(app, 'node_modules/@gadget/shared/dist/client.js'),
    ).resolve('firebase/functions');
    expect(realpathSync(fromClient)).toBe(realpathSync(fromApp));
    expect(existsSync(join(app, 'node_modules/@gadget/shared/node_modules'))).toBe(false);
  });

  it('typechecks against the package’s declarations, which type every call', async () => {
    // Declarations that failed to resolve would type the client as `any`, and the app would still
    // compile: these lines compile only while the client's types are real.
    writeFileSync(
      join(app, 'types-are-real.ts'),
      [
        "import type { GadgetClient } from '@gadget/shared/client';",
        'declare const client: GadgetClient;',
        '// @ts-expect-error a locale is a string',
        'void client.ensureProfile({ locale: 42 });',
        '// @ts-expect-error there is no such callable',
        'void client.noSuchCallable({});',
        "const { profile } = await client.updateProfile({ displayName: 'x' });",
        '// @ts-expect-error a profile has no such field',
        'void profile.noSuchField;',
        '',
      ].join('\n'),
    );
    const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
    await expect(run(process.execPath, [tsc, '-p', app])).resolves.toBeDefined();
  }, 60_000);

  it('runs against the backend: signs up, sets the profile, claims a gadget and gets its key', async () => {
    const gadget = await provisionDevice(cloud, { model: 'air-1' });
    const { host, ports, projectId } = cloud.cloud;
    const { stdout } = await run(process.execPath, ['main.ts'], {
      cwd: app,
      env: {
        ...process.env,
        GADGET_HOST: host,
        GADGET_PROJECT: projectId,
        GADGET_AUTH_PORT: String(ports.auth),
        GADGET_FUNCTIONS_PORT: String(ports.functions),
        GADGET_SERIAL: gadget.serial,
        GADGET_CLAIM_CODE: gadget.code,
      },
    });
    const uid = /as (\S+)$/m.exec(stdout)?.[1] ?? '';
    expect(stdout).toContain('profile: en-GB, Europe/London');
    expect(stdout).toContain('display name: Node app');
    expect(stdout).toContain('refused before sending: cron');
    expect((await cloud.firestore.doc(`users/${uid}`).get()).get('displayName')).toBe('Node app');

    const claimed = /claimed air-1 (\S+), reporting temperature, humidity, battery, co2, pm25/.exec(
      stdout,
    );
    const deviceId = claimed?.[1] ?? '';
    expect((await cloud.firestore.doc(`devices/${deviceId}`).get()).get('ownerUid')).toBe(uid);
    const deviceKey = /device key for the gadget: (\S+)/.exec(stdout)?.[1] ?? '';
    const stored = await cloud.firestore.doc(`devices/${deviceId}/private/key`).get();
    expect(stored.get('hash')).toBe(createHash('sha256').update(deviceKey).digest('hex'));
  }, 60_000);
});
