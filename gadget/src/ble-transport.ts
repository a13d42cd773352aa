import * as z from 'zod';
import { RelayGadgetReportResponseSchema, SubmissionResultSchema } from '@gadget/shared';
import type { ReadingInput, RelayGadgetReportResponse } from '@gadget/shared';
import type { EmitEvent } from './events.ts';
import type { FaultInjector } from './faults.ts';
import { refusedByDetails, reportBytes } from './protocol.ts';
import type { GadgetCall } from './protocol.ts';
import { RETRY_WITH_BACKOFF, withRetries } from './retry.ts';
import type { Attempt, RetryContext } from './retry.ts';
import { signReport } from './signing.ts';
import { NOTHING_DELIVERED } from './transport.ts';
import type { ExchangeOutcome, Transport } from './transport.ts';

/** What a BLE gadget needs from a member's phone: the app's two calls, made for it. */
export interface PhoneRelay {
  submitReadings(readings: ReadingInput[]): Promise<{ accepted: number; duplicates: number }>;
  relayReport(report: { report: string; signature: string }): Promise<RelayGadgetReportResponse>;
}

export interface BleTransportOptions {
  readonly phone: PhoneRelay;
  readonly privateKey: string;
  readonly faults: FaultInjector;
  readonly retry: Omit<RetryContext, 'signal'>;
  readonly emit: EmitEvent;
  /**
   * The last `seq` used. A real gadget keeps it in flash; the reference gadget starts from the
   * real time in ms, which is above any seq an earlier run of it could have reached.
   */
  readonly lastSeq?: number;
}

/** A callable's error as the phone's SDK throws it (`functions/<code>` in the Firebase JS SDK). */
const PhoneErrorSchema = z.object({
  code: z.string().transform((code) => code.replace(/^functions\//, '')),
  details: z.unknown().optional(),
});

/** What the phone's SDK says when the backend could not be reached or failed: worth retrying. */
const RETRIED_CODES = new Set([
  'unavailable',
  'deadline-exceeded',
  'internal',
  'unknown',
  'aborted',
]);

/** The HTTP status each callable error code travels with, for the request events. */
const CALLABLE_STATUS: Readonly<Record<string, number>> = {
  'invalid-argument': 400,
  'failed-precondition': 400,
  'out-of-range': 400,
  unauthenticated: 401,
  'permission-denied': 403,
  'not-found': 404,
  'already-exists': 409,
  aborted: 409,
  'resource-exhausted': 429,
  cancelled: 499,
  unknown: 500,
  internal: 500,
  unimplemented: 501,
  unavailable: 503,
  'deadline-exceeded': 504,
};

type PhoneAnswer<T> =
  { readonly answer: T } | { readonly refused: z.infer<typeof PhoneErrorSchema> };

/**
 * A BLE gadget's exchange, through a member's phone: its readings with `submitReadings`, the rest
 * as a report `{seq, sync, acks?, firmware, ota?}` whose exact JSON bytes it signs with its
 * private key, relayed with `relayGadgetReport`. Each call is retried like ingest (a retried
 * report is the same bytes, the same `seq`); a new exchange makes a new report with the next
 * `seq`. Firmware updates do not travel this way: the phone fetches the offer and the image and
 * hands both to the gadget (`ReferenceGadget.receiveFirmware`); the reports carry its steps.
 */
export class BleTransport implements Transport {
  readonly #options: BleTransportOptions;
  #seq: number;

  constructor(options: BleTransportOptions) {
    this.#options = options;
    this.#seq = options.lastSeq ?? Date.now();
  }

  async exchange(call: GadgetCall, signal?: AbortSignal): Promise<ExchangeOutcome> {
    const readings = call.readings.length === 0 ? undefined : await this.#submit(call, signal);
    this.#seq += 1;
    const bytes = reportBytes(this.#seq, call);
    const relayed = {
      report: Buffer.from(bytes).toString('base64'),
      signature: signReport(bytes, this.#options.privateKey),
    };
    const report = await withRetries(
      () =>
        this.#attempt(
          () => this.#options.phone.relayReport(relayed),
          RelayGadgetReportResponseSchema,
        ),
      { ...this.#options.retry, signal },
    );
    return {
      ...NOTHING_DELIVERED,
      ...readings,
      ...(report === undefined
        ? {}
        : 'answer' in report
          ? {
              delivered: true,
              // Not newer than a report already received: this very report got through before
              // and its answer was lost. Nothing changed, so there is nothing to apply.
              ...(report.answer.accepted ? { downstream: report.answer } : {}),
            }
          : { refused: true }),
    };
  }

  /** The readings part: stored, refused by id, or left buffered. */
  async #submit(
    call: GadgetCall,
    signal: AbortSignal | undefined,
  ): Promise<Partial<ExchangeOutcome>> {
    const readings = [...call.readings];
    const submitted = await withRetries(
      () =>
        this.#attempt(() => this.#options.phone.submitReadings(readings), SubmissionResultSchema),
      { ...this.#options.retry, signal },
    );
    if (submitted === undefined) return {};
    if ('answer' in submitted) return { stored: submitted.answer };
    return { refusedReadingIds: refusedByDetails(submitted.refused.details, readings).readingIds };
  }

  /** One call through the phone, its faults, its event, and its answer read with `schema`. */
  async #attempt<T>(
    call: () => Promise<unknown>,
    schema: z.ZodType<T>,
  ): Promise<Attempt<PhoneAnswer<T>>> {
    const started = performance.now();
    const report = (status: number, code?: string) => {
      const latencyMs = Math.round(performance.now() - started);
      this.#options.emit({
        type: 'request',
        status,
        ...(code === undefined ? {} : { code }),
        latencyMs,
      });
    };
    const fault = this.#options.faults.next();
    if (fault === 'timeout') {
      report(0, 'timeout');
      return RETRY_WITH_BACKOFF;
    }
    let answer: unknown;
    try {
      answer = await call();
    } catch (error) {
      const refused = PhoneErrorSchema.safeParse(error);
      if (!refused.success) {
        report(0, 'network');
        return RETRY_WITH_BACKOFF;
      }
      const { code, details } = refused.data;
      report(CALLABLE_STATUS[code] ?? 0, code);
      if (code === 'resource-exhausted') {
        const after = z.object({ retryAfterSeconds: z.number() }).safeParse(details);
        return after.success
          ? { retry: 'after', afterMs: after.data.retryAfterSeconds * 1000 }
          : RETRY_WITH_BACKOFF;
      }
      return RETRIED_CODES.has(code) ? RETRY_WITH_BACKOFF : { done: { refused: refused.data } };
    }
    if (fault === 'drop') {
      report(0, 'dropped');
      return RETRY_WITH_BACKOFF;
    }
    const parsed = schema.safeParse(answer);
    if (!parsed.success) {
      report(200, 'malformed-answer');
      return RETRY_WITH_BACKOFF;
    }
    report(200);
    return { done: { answer: parsed.data } };
  }
}
