import type { AlertPushWindow } from '@gadget/shared';

/** What an alert document's change means for the people: opened (or reopened), escalated, cleared. */
export type AlertPhase = 'open' | 'critical' | 'cleared';

/** One alert change as the throttle sees it. */
export interface AlertPushEvent {
  readonly phase: AlertPhase;
  readonly notificationId: string;
  readonly alertId: string;
  /** When the change happened (the event's time), never the time it was delivered. */
  readonly at: Date;
  readonly severity: 'warning' | 'critical';
  /** When the alert document first opened: anchors a window for a clear seen before its opening. */
  readonly openedAt: Date;
}

/**
 * `push`: notify and push now. `inbox-only`: notify, but the push is throttled. `defer`: write
 * nothing now; the back-to-normal push is decided at the window's end from the alerts themselves.
 */
export type AlertPushAction = 'push' | 'inbox-only' | 'defer';

export interface AlertPushDecision {
  readonly action: AlertPushAction;
  /** The window to store, or null to leave it as it is. */
  readonly window: AlertPushWindow | null;
}

/** Kept a day past the window's end, well after the last event of it can arrive (1 hour). */
const WINDOW_RETENTION_MS = 24 * 60 * 60 * 1000;

/**
 * Decides one alert change against the rule's window, a pure function of the stored window and
 * the event, so the trigger's transaction can replay it. It holds under at-least-once, unordered
 * delivery:
 * - a window is judged by the events' own times, so a late event lands in the window it belongs
 *   to, before or after the opening that created it (within `windowMs` either side);
 * - the holder's own redelivery is always `push`, and for every other redelivery the inbox entry
 *   written by the first delivery keeps its push decision, so no decision is made twice;
 * - a clear is never pushed from inside a window: the clear that ends the flapping is the one the
 *   alerts show when the window ends, read then, whatever order the events came in.
 */
export function decideAlertPush(
  window: AlertPushWindow | undefined,
  event: AlertPushEvent,
  windowMs: number,
  deviceId: string,
  rule: string,
): AlertPushDecision {
  const at = event.at.getTime();
  // The stored window when the event belongs to it: within a window's length either side of its start.
  const current =
    window !== undefined && Math.abs(at - window.windowStart.getTime()) < windowMs
      ? window
      : undefined;
  const critical = event.severity === 'critical';
  const seen = (w: AlertPushWindow): string[] =>
    w.alertIds.includes(event.alertId) ? w.alertIds : [...w.alertIds, event.alertId];
  const fresh = (start: Date, holder: string | null, flushAt: Date | null): AlertPushWindow => ({
    deviceId,
    rule,
    windowStart: start,
    holder,
    critical: holder !== null && critical,
    alertIds: [event.alertId],
    flushAt,
    clearPushed: false,
    expireAt: new Date(start.getTime() + windowMs + WINDOW_RETENTION_MS),
  });

  if (event.phase === 'critical') {
    // An escalation always pushes: it is news even in the middle of flapping.
    return {
      action: 'push',
      window: current ? { ...current, critical: true, alertIds: seen(current) } : null,
    };
  }

  if (event.phase === 'cleared') {
    if (current) {
      const flushAt = new Date(current.windowStart.getTime() + windowMs);
      return { action: 'defer', window: { ...current, flushAt, alertIds: seen(current) } };
    }
    // Seen before its opening (unordered delivery): the opening's window starts at the alert's.
    if (window === undefined && at - event.openedAt.getTime() < windowMs) {
      const flushAt = new Date(event.openedAt.getTime() + windowMs);
      return { action: 'defer', window: fresh(event.openedAt, null, flushAt) };
    }
    return { action: 'push', window: null };
  }

  if (window?.holder === event.notificationId) return { action: 'push', window: null };
  if (current) {
    // No opening pushed yet, or members were last told "back to normal": this one is news.
    if (current.holder === null || current.clearPushed) {
      return {
        action: 'push',
        window: {
          ...current,
          holder: current.holder ?? event.notificationId,
          critical: current.critical || critical,
          clearPushed: false,
          alertIds: seen(current),
        },
      };
    }
    if (critical && !current.critical) {
      return { action: 'push', window: { ...current, critical: true, alertIds: seen(current) } };
    }
    return { action: 'inbox-only', window: { ...current, alertIds: seen(current) } };
  }
  if (window === undefined || at >= window.windowStart.getTime() + windowMs) {
    return { action: 'push', window: fresh(event.at, event.notificationId, null) };
  }
  // Older than the stored window by more than a window: its own window is long gone.
  return { action: 'push', window: null };
}
