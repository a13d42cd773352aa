// A function's trigger as one line: callable, HTTPS, the Firestore path, Storage, schedule or Auth.

export type Trigger =
  | { kind: 'callable' }
  | { kind: 'https' }
  | { kind: 'schedule'; schedule: string; timeZone: string }
  | {
      kind: 'event';
      eventType: string;
      filters: Record<string, string>;
      pathPatterns: Record<string, string>;
    }
  | { kind: 'unsupported'; reason: string };

export interface FunctionView {
  readonly name: string;
  readonly trigger: Trigger;
  readonly stats: {
    invocations: number;
    errors: number;
    lastInvocation?: string;
    lastError?: string;
  };
}

export function triggerLabel(trigger: Trigger): string {
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
