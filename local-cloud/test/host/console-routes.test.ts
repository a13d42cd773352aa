// The control API's routes for the console: the live event stream, functions with their activity,
// the delivery switches and the schedules' next runs.
import { describe, expect, it } from 'vitest';
import { useFixtureCloud } from './fixture-cloud.ts';
import type { FixtureCloud } from './fixture-cloud.ts';
import { collectEvents, controlRequest } from './control-client.ts';

let t: FixtureCloud;

useFixtureCloud((cloud) => {
  t = cloud;
});

const control = (method: string, path: string, body?: unknown) =>
  controlRequest(t.controlUrl, method, path, body);

const events = (type: string, count: number, act: () => Promise<void>) =>
  collectEvents(t.controlUrl, type, count, act);

describe('GET /events', () => {
  it('streams Firestore changes and function invocations as they happen', async () => {
    const changes = await events('firestore', 1, async () => {
      await t.firestore.doc('things/live').set({ a: 1 });
    });
    expect(changes).toEqual([{ path: 'things/live', exists: true, existed: false }]);
    const invocations = await events('invocation', 1, async () => {
      await t.firestore.doc('neverRetried/live').set({});
    });
    expect(invocations[0]).toMatchObject({ name: 'neverRetried' });
    expect((invocations[0] as { errors: number }).errors).toBeGreaterThanOrEqual(1);
  });
});

describe('GET /functions', () => {
  it('gives each function its trigger and counts invocations and errors', async () => {
    await t.firestore.doc('neverRetried/counted').set({});
    await t.idle();
    const { body } = await control('GET', '/functions');
    const list = body.functions as {
      name: string;
      trigger: { kind: string };
      stats: { errors: number; lastError?: string };
    }[];
    const failing = list.find((f) => f.name === 'neverRetried');
    expect(failing?.trigger.kind).toBe('event');
    expect(failing?.stats.errors).toBeGreaterThanOrEqual(1);
    expect(failing?.stats.lastError).toContain('neverRetried always fails');
    expect(list.find((f) => f.name === 'hello')?.trigger.kind).toBe('https');
  });
});

describe('GET|PUT /delivery', () => {
  it('sets the switches, and refuses an unknown one or a bad delay without changing any', async () => {
    expect((await control('PUT', '/delivery', { deliverTwice: true })).status).toBe(200);
    expect((await control('GET', '/delivery')).body.switches).toMatchObject({ deliverTwice: true });
    expect((await control('PUT', '/delivery', { delayMs: -1 })).status).toBe(400);
    expect((await control('PUT', '/delivery', { twice: true })).status).toBe(400);
    const { body } = await control('GET', '/delivery');
    expect(body.switches).toEqual({ deliverTwice: true, reverseOrder: false, delayMs: 0 });
    await control('PUT', '/delivery', { deliverTwice: false });
  });
});

describe('POST|DELETE /faults', () => {
  it('fails the next Firestore calls with the status given, and refuses a code that is none', async () => {
    expect((await control('POST', '/faults', { method: 'Commit', code: 0 })).status).toBe(400);
    expect((await control('POST', '/faults', { method: 'Commit', code: 7, count: 1 })).status).toBe(
      200,
    );
    await expect(t.firestore.doc('things/faulty').set({ a: 1 })).rejects.toThrow();
    expect((await control('DELETE', '/faults')).status).toBe(200);
  });
});

describe('GET /schedules', () => {
  it('lists the scheduled functions with their next run', async () => {
    const { body } = await control('GET', '/schedules');
    const tick = (body.functions as { name: string; nextRun: string }[]).find(
      (f) => f.name === 'tick',
    );
    expect(tick?.nextRun).toBeDefined();
    expect(Date.parse(tick?.nextRun ?? '')).toBeGreaterThan(Date.now());
    expect(body.jobs).toEqual([]);
  });
});
