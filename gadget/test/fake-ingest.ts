import {
  IngestErrorBodySchema,
  IngestRequestSchema,
  IngestResponseSchema,
  ReadingInputSchema,
} from '@gadget/shared';
import type {
  FirmwareOffer,
  IngestErrorBody,
  IngestErrorCode,
  IngestResponse,
} from '@gadget/shared';
import type * as z from 'zod';

export type ParsedIngestRequest = z.output<typeof IngestRequestSchema>;

/** What the fake answers one request with. */
export type IngestReply =
  | { readonly answer: Partial<IngestResponse> }
  | { readonly status: number; readonly error: IngestErrorBody; readonly retryAfter?: string }
  | 'network-error';

export interface IngestExchange {
  /** The body exactly as sent. */
  readonly body: string;
  readonly request: ParsedIngestRequest;
  readonly headers: Headers;
}

/** The fake's host: requests elsewhere (a firmware server on loopback) go to the real fetch. */
export const FAKE_INGEST_HOST = 'ingest.test';

/**
 * A fake `ingest` behind a fake fetch: every body the gadget sends must parse with the shared
 * request schema (each reading with `ReadingInputSchema` too), and every answer it gets is one the
 * shared response schemas accept. A `{answer}` reply is completed with `accepted` for every
 * reading sent, no commands and a 900 s poll. Requests to other hosts (a firmware download from
 * `startFirmwareServer`) go to the real fetch.
 */
export function fakeIngest(reply: (request: ParsedIngestRequest, index: number) => IngestReply) {
  const exchanges: IngestExchange[] = [];
  const fetch: typeof globalThis.fetch = (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    if (new URL(url).host !== FAKE_INGEST_HOST) return globalThis.fetch(input, init);
    if (typeof init?.body !== 'string') throw new TypeError('The gadget posts a JSON string');
    const body = init.body;
    const request = IngestRequestSchema.parse(JSON.parse(body));
    for (const reading of request.readings ?? []) ReadingInputSchema.parse(reading);
    exchanges.push({ body, request, headers: new Headers(init.headers) });
    const chosen = reply(request, exchanges.length - 1);
    if (chosen === 'network-error') return Promise.reject(new TypeError('fetch failed'));
    if ('answer' in chosen) {
      const answer = IngestResponseSchema.parse({
        accepted: request.readings?.length ?? 0,
        duplicates: 0,
        commands: [],
        nextPollSeconds: 900,
        ...chosen.answer,
      });
      return Promise.resolve(Response.json(answer));
    }
    return Promise.resolve(
      Response.json(IngestErrorBodySchema.parse(chosen.error), {
        status: chosen.status,
        headers: chosen.retryAfter === undefined ? {} : { 'retry-after': chosen.retryAfter },
      }),
    );
  };
  return { fetch, exchanges };
}

/** An answer with nothing in it: readings accepted, no settings, no commands. */
export const OK: IngestReply = { answer: {} };

/** A refusal as ingest answers it: the status, `{error: {code, message, details?}}`, Retry-After. */
export function refusal(
  status: number,
  code: IngestErrorCode,
  options: { details?: unknown; retryAfter?: string } = {},
): IngestReply {
  return {
    status,
    error: { error: { code, message: 'Refused.', details: options.details } },
    ...(options.retryAfter === undefined ? {} : { retryAfter: options.retryAfter }),
  };
}

/**
 * The backend's side of an update as ingest plays it: `firmware: offer` on every answer until the
 * gadget reports the new version after `installing` (confirmed), or `failed` or `rolled-back`, or
 * the test withdraws it. `also` adds to each answer, or replaces it (a refusal).
 */
export function offering(
  offer: FirmwareOffer,
  also: (request: ParsedIngestRequest, index: number) => IngestReply | undefined = () => undefined,
) {
  const state = { withdrawn: false, installing: false, ended: false };
  const reply = (request: ParsedIngestRequest, index: number): IngestReply => {
    const { ota, firmware } = request;
    if (ota?.state === 'installing') state.installing = true;
    if (ota?.state === 'failed' || ota?.state === 'rolled-back') state.ended = true;
    if (state.installing && firmware === offer.version) state.ended = true;
    const extra = also(request, index);
    if (extra === 'network-error' || (extra !== undefined && !('answer' in extra))) return extra;
    const offered = state.ended || state.withdrawn ? {} : { firmware: offer };
    return { answer: { ...offered, ...extra?.answer } };
  };
  return {
    reply,
    withdraw: () => {
      state.withdrawn = true;
    },
  };
}
