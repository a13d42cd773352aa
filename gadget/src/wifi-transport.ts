import { IngestErrorBodySchema, IngestResponseSchema } from '@gadget/shared';
import type { ReadingInput } from '@gadget/shared';
import type { EmitEvent } from './events.ts';
import type { FaultInjector } from './faults.ts';
import { ingestBody, parseJson, refusedByDetails } from './protocol.ts';
import type { GadgetCall } from './protocol.ts';
import { RETRY_WITH_BACKOFF, withRetries } from './retry.ts';
import type { Attempt, RetryContext } from './retry.ts';
import { NOTHING_DELIVERED } from './transport.ts';
import type { ExchangeOutcome, Transport } from './transport.ts';

/** How long the gadget waits for an answer before it counts the request as timed out. */
export const REQUEST_TIMEOUT_MS = 20_000;

/** The header a Wi-Fi gadget calls `ingest` and downloads its firmware with. */
export function deviceAuthorization(deviceId: string, deviceKey: string): string {
  return `Device ${deviceId}:${deviceKey}`;
}

export interface WifiTransportOptions {
  readonly ingestUrl: string;
  readonly deviceId: string;
  readonly deviceKey: string;
  readonly fetch: typeof fetch;
  readonly faults: FaultInjector;
  readonly retry: Omit<RetryContext, 'signal'>;
  readonly emit: EmitEvent;
}

/**
 * A Wi-Fi gadget's one call, `ingest`: POSTs the JSON body with its device key and reads the answer
 * with the shared schemas. A lost answer, a timeout, a network error or a 5xx is retried with the
 * very same body (same reading ids, so nothing is stored twice), a 429 after its `Retry-After`;
 * any other 4xx is not, as it would be refused again.
 */
export class WifiTransport implements Transport {
  readonly #options: WifiTransportOptions;

  constructor(options: WifiTransportOptions) {
    this.#options = options;
  }

  async exchange(call: GadgetCall, signal?: AbortSignal): Promise<ExchangeOutcome> {
    const body = ingestBody(call);
    const outcome = await withRetries(() => this.#post(body, call.readings, signal), {
      ...this.#options.retry,
      signal,
    });
    return outcome ?? NOTHING_DELIVERED;
  }

  async #post(
    body: string,
    readings: readonly ReadingInput[],
    signal: AbortSignal | undefined,
  ): Promise<Attempt<ExchangeOutcome>> {
    const { ingestUrl, deviceId, deviceKey, faults, emit } = this.#options;
    const started = performance.now();
    const report = (status: number, code?: string) => {
      const latencyMs = Math.round(performance.now() - started);
      emit({ type: 'request', status, ...(code === undefined ? {} : { code }), latencyMs });
    };
    const fault = faults.next();
    if (fault === 'timeout') {
      report(0, 'timeout');
      return RETRY_WITH_BACKOFF;
    }

    let status: number;
    let retryAfter: string | null;
    let text: string;
    try {
      const timeout = AbortSignal.timeout(REQUEST_TIMEOUT_MS);
      const send = this.#options.fetch;
      const response = await send(ingestUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: deviceAuthorization(deviceId, deviceKey),
        },
        body,
        signal: signal === undefined ? timeout : AbortSignal.any([timeout, signal]),
      });
      status = response.status;
      retryAfter = response.headers.get('retry-after');
      text = await response.text();
    } catch (error) {
      report(0, failureCode(error));
      return RETRY_WITH_BACKOFF;
    }
    if (fault === 'drop') {
      report(0, 'dropped');
      return RETRY_WITH_BACKOFF;
    }

    const json = parseJson(text);
    if (status === 200) {
      const answer = IngestResponseSchema.safeParse(json);
      if (!answer.success) {
        report(status, 'malformed-answer');
        return RETRY_WITH_BACKOFF;
      }
      report(status);
      const { accepted, duplicates, nextPollSeconds, firmware, ...downstream } = answer.data;
      return {
        done: {
          ...(readings.length > 0 ? { stored: { accepted, duplicates } } : {}),
          refusedReadingIds: [],
          refusedChanges: [],
          delivered: true,
          downstream,
          nextPollSeconds,
          // No offer in an answer means none stands: a download under way is withdrawn.
          firmwareOffer: firmware ?? null,
        },
      };
    }

    const refusal = IngestErrorBodySchema.safeParse(json);
    report(status, refusal.success ? refusal.data.error.code : undefined);
    if (status === 429) {
      const afterMs = retryAfterMs(retryAfter);
      return afterMs === undefined ? RETRY_WITH_BACKOFF : { retry: 'after', afterMs };
    }
    if (status >= 500) return RETRY_WITH_BACKOFF;
    if (status === 422 && refusal.success) {
      const refused = refusedByDetails(refusal.data.error.details, readings);
      return {
        done: {
          ...NOTHING_DELIVERED,
          refusedReadingIds: refused.readingIds,
          refusedChanges: refused.changes,
          refused: true,
        },
      };
    }
    return { done: { ...NOTHING_DELIVERED, refused: true } };
  }
}

/** Why no answer came: the gadget's own timeout, its stopping (`aborted`), or the network. */
export function failureCode(error: unknown): 'timeout' | 'aborted' | 'network' {
  const name = error instanceof Error ? error.name : undefined;
  return name === 'TimeoutError' ? 'timeout' : name === 'AbortError' ? 'aborted' : 'network';
}

/** `Retry-After` as seconds or an HTTP date, in ms from now; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null): number | undefined {
  if (header === null) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}
