/**
 * The subset of a firebase-functions `__endpoint` manifest that the host needs to route work to an
 * export. The manifest is what the Firebase CLI reads at deploy time, so routing by it means the host
 * sees the functions exactly as production does.
 */
export interface EndpointManifest {
  readonly platform?: string;
  readonly region?: readonly string[];
  readonly callableTrigger?: Record<string, unknown>;
  readonly httpsTrigger?: Record<string, unknown>;
  /** `timeZone` is a reset placeholder object, not a string, when the function sets none. */
  readonly scheduleTrigger?: { schedule: string; timeZone?: unknown };
  readonly eventTrigger?: {
    eventType: string;
    eventFilters?: Record<string, string>;
    eventFilterPathPatterns?: Record<string, string>;
    retry?: boolean;
  };
  readonly blockingTrigger?: { eventType: string };
}

export type FunctionKind =
  | { kind: 'callable' }
  | { kind: 'https' }
  | { kind: 'schedule'; schedule: string; timeZone: string }
  | {
      kind: 'event';
      eventType: string;
      filters: Record<string, string>;
      pathPatterns: Record<string, string>;
      retry: boolean;
    }
  | { kind: 'unsupported'; reason: string };

export interface FunctionDescription {
  readonly name: string;
  readonly region: string;
  readonly trigger: FunctionKind;
}

export function describeEndpoint(name: string, endpoint: EndpointManifest): FunctionDescription {
  const region = endpoint.region?.[0] ?? 'us-central1';
  return { name, region, trigger: classify(endpoint) };
}

function classify(endpoint: EndpointManifest): FunctionKind {
  if (endpoint.callableTrigger) return { kind: 'callable' };
  if (endpoint.httpsTrigger) return { kind: 'https' };
  if (endpoint.scheduleTrigger) {
    return {
      kind: 'schedule',
      schedule: endpoint.scheduleTrigger.schedule,
      timeZone:
        typeof endpoint.scheduleTrigger.timeZone === 'string'
          ? endpoint.scheduleTrigger.timeZone
          : 'UTC',
    };
  }
  if (endpoint.eventTrigger) {
    return {
      kind: 'event',
      eventType: endpoint.eventTrigger.eventType,
      filters: { ...endpoint.eventTrigger.eventFilters },
      pathPatterns: { ...endpoint.eventTrigger.eventFilterPathPatterns },
      // A param-driven `retry` is an expression object here; only a literal true turns retries on.
      retry: endpoint.eventTrigger.retry === true,
    };
  }
  if (endpoint.blockingTrigger) {
    return { kind: 'unsupported', reason: 'blocking auth functions are not emulated' };
  }
  return { kind: 'unsupported', reason: 'no trigger in __endpoint' };
}
