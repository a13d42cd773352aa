import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CallableError } from '../../src/testing/index.ts';
import { CLOUD_HOOK_TIMEOUT_MS, startFixtureCloud } from './fixture-cloud.ts';
import type { FixtureCloud } from './fixture-cloud.ts';

let t: FixtureCloud;

beforeAll(async () => {
  t = await startFixtureCloud();
}, CLOUD_HOOK_TIMEOUT_MS);

afterAll(async () => {
  await t.stop();
}, CLOUD_HOOK_TIMEOUT_MS);

function triggerOf(name: string) {
  const fn = t.cloud.functions.find((candidate) => candidate.name === name);
  if (fn === undefined) throw new Error(`${name} was not discovered`);
  return fn.trigger;
}

describe('discovery from __endpoint', () => {
  it('finds every export that is a function, and nothing else', () => {
    expect(t.cloud.functions.map((fn) => fn.name).sort()).toEqual(
      [
        'chainEnd',
        'chainStart',
        'copyToOutput',
        'flaky',
        'hello',
        'neverRetried',
        'onItemCreated',
        'onItemDeleted',
        'onItemUpdated',
        'onItemWritten',
        'onObjectDeleted',
        'onObjectFinalized',
        'onPartCreated',
        'paramEcho',
        'pushViaOutbox',
        'recordUserCreated',
        'recordUserDeleted',
        'tick',
        'whoami',
      ].sort(),
    );
    expect(t.cloud.functions.every((fn) => fn.region === 'us-central1')).toBe(true);
  });

  it('classifies callables, HTTPS functions and schedules', () => {
    expect(triggerOf('whoami')).toEqual({ kind: 'callable' });
    expect(triggerOf('hello')).toEqual({ kind: 'https' });
    expect(triggerOf('tick')).toEqual({
      kind: 'schedule',
      schedule: 'every 5 minutes',
      timeZone: 'UTC',
    });
  });

  it('reads event types, path patterns, bucket filters and retry', () => {
    expect(triggerOf('onPartCreated')).toMatchObject({
      kind: 'event',
      eventType: 'google.cloud.firestore.document.v1.created',
      pathPatterns: { document: 'items/{itemId}/parts/{partId}' },
      filters: { database: '(default)' },
      retry: false,
    });
    expect(triggerOf('onItemWritten')).toMatchObject({
      eventType: 'google.cloud.firestore.document.v1.written',
      pathPatterns: { document: 'items/{itemId}' },
    });
    expect(triggerOf('onItemUpdated')).toMatchObject({
      eventType: 'google.cloud.firestore.document.v1.updated',
    });
    expect(triggerOf('onItemDeleted')).toMatchObject({
      eventType: 'google.cloud.firestore.document.v1.deleted',
    });
    expect(triggerOf('flaky')).toMatchObject({ retry: true });
    expect(triggerOf('neverRetried')).toMatchObject({ retry: false });
    expect(triggerOf('recordUserCreated')).toMatchObject({
      eventType: 'google.firebase.auth.user.v2.created',
    });
    expect(triggerOf('recordUserDeleted')).toMatchObject({
      eventType: 'google.firebase.auth.user.v2.deleted',
    });
    expect(triggerOf('onObjectFinalized')).toMatchObject({
      eventType: 'google.cloud.storage.object.v1.finalized',
      filters: { bucket: t.cloud.storageBucket },
    });
    expect(triggerOf('onObjectDeleted')).toMatchObject({
      eventType: 'google.cloud.storage.object.v1.deleted',
      filters: { bucket: t.cloud.storageBucket },
    });
  });
});

describe('callables over HTTP', () => {
  interface Whoami {
    uid: string | null;
    appId: string | null;
    data: unknown;
  }

  it('pass the caller’s uid and the data through', async () => {
    const result = await t.call<Whoami>('whoami', { ping: 1 }, { uid: 'user-42' });
    expect(result.uid).toBe('user-42');
    expect(result.data).toEqual({ ping: 1 });
  });

  it('have no auth when called without an ID token', async () => {
    const result = await t.call<Whoami>('whoami', null);
    expect(result.uid).toBeNull();
  });

  it('see the App Check app id when a token is sent, and none without', async () => {
    const withAppCheck = await t.call<Whoami>('whoami', null, { uid: 'u' });
    expect(withAppCheck.appId).toBe(`1:000:web:${t.projectId}`);
    const without = await t.call<Whoami>('whoami', null, { uid: 'u', appCheck: false });
    expect(without.appId).toBeNull();
  });

  it('answer an unknown callable with NOT_FOUND', async () => {
    const error = await t.call('noSuchFunction').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CallableError);
    expect(error).toMatchObject({ code: 'not-found', httpStatus: 404 });
  });
});

describe('HTTPS functions', () => {
  it('see the path below their name, the query and the parsed JSON body', async () => {
    const response = await fetch(`${t.functionsUrl}/hello/sub/path?x=1&y=two`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ a: [1, 2], b: { c: true } }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      method: 'POST',
      path: '/sub/path',
      query: { x: '1', y: 'two' },
      body: { a: [1, 2], b: { c: true } },
    });
  });

  it('see `/` when called at their own URL', async () => {
    const response = await fetch(`${t.functionsUrl}/hello`);
    expect(await response.json()).toMatchObject({ method: 'GET', path: '/', query: {} });
  });

  it('answer 404 with a JSON error for an unknown function or another project', async () => {
    const unknown = await fetch(`${t.functionsUrl}/nope`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { status: 'NOT_FOUND' } });

    const base = `http://${t.cloud.host}:${String(t.cloud.ports.functions)}`;
    const otherProject = await fetch(`${base}/another-project/us-central1/hello`);
    expect(otherProject.status).toBe(404);
    expect(await otherProject.json()).toMatchObject({ error: { status: 'NOT_FOUND' } });
  });
});

describe('params', () => {
  it('resolve from the .env file and from declared defaults, .env winning over a default', async () => {
    const expected = {
      FIXTURE_GREETING: 'declared-default',
      FIXTURE_FROM_DOTENV: 'from-dotenv',
      FIXTURE_OVERRIDDEN: 'dotenv-wins',
    };
    expect(await t.call('paramEcho')).toEqual({
      greeting: expected.FIXTURE_GREETING,
      fromDotenv: expected.FIXTURE_FROM_DOTENV,
      overridden: expected.FIXTURE_OVERRIDDEN,
    });
    expect(t.cloud.params).toMatchObject(expected);
  });
});
