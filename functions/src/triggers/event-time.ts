/** Events older than this are dropped: a push hours late is worse than none. */
export const MAX_EVENT_AGE_MS = 60 * 60 * 1000;

export function isTooOld(eventTime: string, now: Date): boolean {
  const at = Date.parse(eventTime);
  return !Number.isNaN(at) && now.getTime() - at > MAX_EVENT_AGE_MS;
}

/** When the event happened (its CloudEvent time), else now. */
export function eventDate(eventTime: string, now: Date): Date {
  const at = Date.parse(eventTime);
  return Number.isNaN(at) ? now : new Date(at);
}
