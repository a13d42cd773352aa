// The README's "Connect an app" block is the text `npm start` prints: the same function writes
// both, given what local-cloud serves for the project of `.firebaserc` on the ports of firebase.json.
// The uploads it shows are the ones storage.rules accepts, with the metadata the rules require.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFirebaseJsonPorts, startLocalCloud } from '@gadget/local-cloud';
import type { LocalCloud } from '@gadget/local-cloud';
import { connectAnApp } from './connect-an-app.ts';
import type { AppTarget } from './connect-an-app.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const README = readFileSync(`${ROOT}README.md`, 'utf8');
const MARKER = '<!-- connect-an-app:';

/** The fenced block after the marker comment. */
function readmeBlock(): string {
  const after = README.slice(README.indexOf(MARKER));
  const block = /```js\n([\s\S]*?)\n```/.exec(after)?.[1];
  if (!README.includes(MARKER) || block === undefined) throw new Error('No Connect an app block');
  return block;
}

let cloud: LocalCloud;
let target: AppTarget;
beforeAll(async () => {
  const firebaserc = JSON.parse(readFileSync(`${ROOT}.firebaserc`, 'utf8')) as {
    projects: { default: string };
  };
  // What local-cloud serves that project as (host, bucket); its ports are firebase.json's.
  cloud = await startLocalCloud({ projectId: firebaserc.projects.default, logs: 'silent' });
  target = {
    host: cloud.host,
    ports: readFirebaseJsonPorts(`${ROOT}firebase.json`),
    projectId: cloud.projectId,
    storageBucket: cloud.storageBucket,
  };
});
afterAll(async () => {
  await cloud.stop();
});

describe('Connect an app', () => {
  it('the README shows what npm start prints for the project it serves', () => {
    expect(readmeBlock()).toBe(connectAnApp(target));
  });

  it('follows the running cloud it is given: its host, ports, project and bucket', () => {
    const text = connectAnApp(cloud);
    const { host, ports } = cloud;
    expect(text).toContain(`connectAuthEmulator(auth, 'http://${host}:${String(ports.auth)}');`);
    expect(text).toContain(`connectFirestoreEmulator(db, '${host}', ${String(ports.firestore)});`);
    expect(text).toContain(
      `connectFunctionsEmulator(functions, '${host}', ${String(ports.functions)});`,
    );
    expect(text).toContain(`connectStorageEmulator(storage, '${host}', ${String(ports.storage)});`);
    expect(text).toContain(`storageBucket: '${cloud.storageBucket}',`);
    expect(text).toContain(
      `POST http://${host}:${String(ports.functions)}/${cloud.projectId}/us-central1/ingest`,
    );
    expect(text).toMatch(/apiKey: '.+'/);
  });

  it('uploads where storage.rules lets apps write, with the metadata they require', () => {
    const rules = readFileSync(`${ROOT}storage.rules`, 'utf8');
    const writable = [...rules.matchAll(/match (\/uploads\/\S+) \{\s*allow create/g)].map(
      ([, path]) => new RegExp(`^${(path ?? '').replace(/\{[^}]+\}/g, '[^/]+')}$`),
    );
    const uploads = [...connectAnApp(target).matchAll(/ref\(storage, `(uploads\/[^`]+)`\)/g)].map(
      ([, path]) => `/${path ?? ''}`,
    );
    expect(uploads).toHaveLength(2);
    for (const path of uploads)
      expect(
        writable.some((rule) => rule.test(path)),
        path,
      ).toBe(true);
    expect(writable).toHaveLength(uploads.length);
    const required = [...rules.matchAll(/request\.resource\.metadata\.(\w+) ==/g)].map(
      ([, k]) => k,
    );
    expect(required).toEqual(['uploadedBy']);
    expect(connectAnApp(target)).toContain('customMetadata: { uploadedBy: uid }');
  });
});
