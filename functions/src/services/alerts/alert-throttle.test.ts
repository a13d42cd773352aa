import { describe, expect, it } from 'vitest';
import { decideAlertPush } from './alert-throttle.ts';
import type { AlertPushWindow } from '@gadget/shared';
import type { AlertPushEvent } from './alert-throttle.ts';

const MINUTE = 60_000;
const W = 15 * MINUTE;
const T0 = Date.UTC(2026, 0, 1, 12);

const event = (
  fields: Partial<AlertPushEvent> & Pick<AlertPushEvent, 'phase'>,
): AlertPushEvent => ({
  notificationId: `n-${fields.phase}`,
  alertId: 'temperature-max-1',
  at: new Date(T0),
  severity: 'warning',
  openedAt: new Date(T0),
  ...fields,
});

/** Runs events through the decision in the given order, as the trigger's transactions would. */
function run(events: readonly AlertPushEvent[]): {
  actions: string[];
  window: AlertPushWindow | undefined;
} {
  let window: AlertPushWindow | undefined;
  const actions = events.map((e) => {
    const decision = decideAlertPush(window, e, W, 'dev1', 'temperature-max');
    window = decision.window ?? window;
    return decision.action;
  });
  return { actions, window };
}

const open = (n: number, minute: number, severity: 'warning' | 'critical' = 'warning') =>
  event({
    phase: 'open',
    notificationId: `open-${String(n)}`,
    at: new Date(T0 + minute * MINUTE),
    severity,
  });
const cleared = (n: number, minute: number) =>
  event({
    phase: 'cleared',
    notificationId: `cleared-${String(n)}`,
    at: new Date(T0 + minute * MINUTE),
  });

describe('decideAlertPush', () => {
  it('pushes the opening, defers clears to the window end, keeps reopens in the inbox', () => {
    const { actions, window } = run([open(0, 0), cleared(0, 1), open(1, 2), cleared(1, 3)]);
    expect(actions).toEqual(['push', 'defer', 'inbox-only', 'defer']);
    expect(window?.flushAt?.getTime()).toBe(T0 + W);
    expect(window?.holder).toBe('open-0');
  });

  it('pushes the same decision for the holder redelivered, and opens a new window after the end', () => {
    expect(run([open(0, 0), open(0, 0)]).actions).toEqual(['push', 'push']);
    const later = run([open(0, 0), open(1, 15)]);
    expect(later.actions).toEqual(['push', 'push']);
    expect(later.window?.windowStart.getTime()).toBe(T0 + W);
  });

  it('reversed: a clear before its opening anchors the window at the alert and one opening pushes', () => {
    const { actions, window } = run([cleared(1, 3), open(1, 2), cleared(0, 1), open(0, 0)]);
    expect(actions).toEqual(['defer', 'push', 'defer', 'inbox-only']);
    expect(window?.windowStart.getTime()).toBe(T0);
    expect(window?.flushAt?.getTime()).toBe(T0 + W);
  });

  it('an escalation pushes; a critical reopen after it does not', () => {
    const escalation = event({
      phase: 'critical',
      at: new Date(T0 + 2 * MINUTE),
      severity: 'critical',
    });
    expect(run([open(0, 0), escalation, open(1, 4, 'critical')]).actions).toEqual([
      'push',
      'push',
      'inbox-only',
    ]);
    // A reopen that is itself the first critical news of the window pushes.
    expect(run([open(0, 0), open(1, 4, 'critical')]).actions).toEqual(['push', 'push']);
  });

  it('after the deferred clear was told, a reopening in the window is news again', () => {
    const { window } = run([open(0, 0), cleared(0, 1)]);
    const told = { ...(window as AlertPushWindow), flushAt: null, clearPushed: true };
    expect(decideAlertPush(told, open(1, 14), W, 'dev1', 'temperature-max').action).toBe('push');
  });

  it('a clear outside any window pushes at once', () => {
    expect(run([open(0, 0), cleared(0, 20)]).actions).toEqual(['push', 'push']);
    const old = event({ phase: 'cleared', at: new Date(T0 + 20 * MINUTE) });
    expect(decideAlertPush(undefined, old, W, 'dev1', 'temperature-max').action).toBe('push');
  });
});
