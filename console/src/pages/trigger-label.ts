// A function's trigger as one line: callable, HTTPS, the Firestore path, Storage, schedule or Auth.
import type { FunctionDescription, FunctionKind, FunctionStats } from '@gadget/local-cloud';

/** A function as `GET /functions` of the control API lists it: its trigger and its activity. */
export type FunctionView = FunctionDescription & { readonly stats: FunctionStats };

export function triggerLabel(trigger: FunctionKind): string {
  switch (trigger.kind) {
    case 'callable':
      return 'callable';
    case 'https':
      return 'HTTPS';
    case 'schedule':
      return `schedule: ${trigger.schedule} (${trigger.timeZone})`;
    case 'unsupported':
      return `not emulated: ${trigger.reason}`;
    case 'event': {
      const type = trigger.eventType;
      const verb = type.split('.').at(-1) ?? type;
      if (type.includes('firestore')) {
        const path = trigger.pathPatterns.document ?? trigger.filters.document ?? '?';
        return `Firestore ${verb}: ${path}`;
      }
      if (type.includes('storage')) return `Storage ${verb}`;
      if (type.includes('auth')) return `Auth ${verb}`;
      return type;
    }
  }
}
