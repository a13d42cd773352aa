import type { EmitEvent } from './events.ts';
import type { FaultInjector } from './faults.ts';
import { RETRY_WITH_BACKOFF, withRetries } from './retry.ts';
import type { Attempt, RetryContext } from './retry.ts';
import { REQUEST_TIMEOUT_MS, failureCode, retryAfterMs } from './wifi-transport.ts';

/** Bytes asked for per request, unless the gadget is told otherwise (`firmwareChunkBytes`). */
export const DEFAULT_FIRMWARE_CHUNK_BYTES = 64 * 1024;

/**
 * The image as far as it came: the spare slot being written, and how many bytes from its start
 * are there. A download always resumes from `received`, so a cut costs only what was in flight.
 */
export interface HeldImage {
  /** Exactly the offer's size. */
  readonly bytes: Uint8Array;
  received: number;
}

export interface DownloadOptions {
  readonly url: string;
  /** `Device <deviceId>:<deviceKey>`: the header the gadget calls `ingest` with. */
  readonly authorization: string;
  readonly chunkBytes: number;
  readonly fetch: typeof fetch;
  readonly faults: FaultInjector;
  readonly retry: Omit<RetryContext, 'signal'>;
  readonly emit: EmitEvent;
}

/**
 * How a download ended: every byte is there (not yet checked), the server's image is not the
 * size offered, or it stopped short (a refusal such as 403/404/410, retries used up, the gadget
 * stopping) and waits, bytes kept, for the next answer that still offers it.
 */
export type DownloadResult = 'complete' | 'size-mismatch' | 'stopped';

/** What one range request achieved, when it is not worth retrying as it is. */
type RangeResult = 'progress' | 'size-mismatch' | 'stopped';

/**
 * Downloads the rest of the image into `held`, `chunkBytes` at a time with HTTP Range
 * (`Range: bytes=START-END`, answered 206 with `Content-Range: bytes START-END/SIZE`). A 200 means
 * the server ignored Range: the body is the whole image. A request that brought some bytes before
 * its connection dropped is followed at once by one for the rest; one that brought none (a network
 * error, a timeout, a 5xx) is retried with backoff, a 429 after its `Retry-After`, and after
 * MAX_ATTEMPTS the download stops, keeping its bytes.
 */
export async function downloadFirmware(
  held: HeldImage,
  options: DownloadOptions,
  signal?: AbortSignal,
): Promise<DownloadResult> {
  while (held.received < held.bytes.length) {
    if (signal?.aborted === true) return 'stopped';
    const result = await withRetries(() => requestRange(held, options, signal), {
      ...options.retry,
      signal,
    });
    if (result === undefined) return 'stopped';
    if (result !== 'progress') return result;
  }
  return 'complete';
}

/** One request for the next range; what it brought is written to `held` as it comes. */
async function requestRange(
  held: HeldImage,
  { url, authorization, chunkBytes, fetch: send, faults, emit }: DownloadOptions,
  signal: AbortSignal | undefined,
): Promise<Attempt<RangeResult>> {
  const size = held.bytes.length;
  const start = held.received;
  const end = Math.min(start + chunkBytes, size) - 1;
  const cutAfter = faults.cutAfter(end - start + 1);
  const started = performance.now();
  let brought = 0;
  const report = (status: number, code?: string) => {
    const latencyMs = Math.round(performance.now() - started);
    emit({
      type: 'firmware-download',
      status,
      ...(code === undefined ? {} : { code }),
      bytes: brought,
      latencyMs,
    });
  };

  let response: Response;
  try {
    const timeout = AbortSignal.timeout(REQUEST_TIMEOUT_MS);
    response = await send(url, {
      headers: { authorization, range: `bytes=${start}-${end}` },
      signal: signal === undefined ? timeout : AbortSignal.any([timeout, signal]),
    });
  } catch (error) {
    report(0, failureCode(error));
    return RETRY_WITH_BACKOFF;
  }

  const { status } = response;
  /** Where the body's first byte goes, and where the body should end. */
  let offset: number;
  let limit: number;
  if (status === 206) {
    const range = contentRange(response.headers.get('content-range'));
    if (range?.total !== undefined && range.total !== size) {
      await response.body?.cancel().catch(() => undefined);
      report(status, 'size-mismatch');
      return { done: 'size-mismatch' };
    }
    if (range === undefined || range.start !== start || range.end < start || range.end > end) {
      await response.body?.cancel().catch(() => undefined);
      report(status, 'bad-range');
      return RETRY_WITH_BACKOFF;
    }
    offset = start;
    limit = range.end + 1;
  } else if (status === 200) {
    const length = response.headers.get('content-length');
    if (length !== null && Number(length) !== size) {
      await response.body?.cancel().catch(() => undefined);
      report(status, 'size-mismatch');
      return { done: 'size-mismatch' };
    }
    // The server ignored Range: the whole image, from its first byte.
    offset = 0;
    limit = size;
    held.received = 0;
  } else {
    await response.body?.cancel().catch(() => undefined);
    report(status);
    // Asked beyond the end: the image is shorter than offered.
    if (status === 416) return { done: 'size-mismatch' };
    if (status === 429) {
      const afterMs = retryAfterMs(response.headers.get('retry-after'));
      return afterMs === undefined ? RETRY_WITH_BACKOFF : { retry: 'after', afterMs };
    }
    if (status >= 500) return RETRY_WITH_BACKOFF;
    // 403, 404, 410 (the offer no longer stands) and any other refusal: stop, and wait for the
    // next answer to say whether it still does.
    return { done: 'stopped' };
  }

  // A request that left more of the image held than before is followed at once by the next; one
  // that did not counts as a failed attempt (so a server that always cuts cannot keep it forever).
  const progressed = (): Attempt<RangeResult> =>
    held.received > start ? { done: 'progress' } : RETRY_WITH_BACKOFF;
  const reader: ReadableStreamDefaultReader<Uint8Array> | undefined = response.body?.getReader();
  try {
    while (reader !== undefined && offset < limit) {
      const { done, value } = await reader.read();
      if (done) break;
      const room = Math.min(limit - offset, cutAfter === undefined ? Infinity : cutAfter - brought);
      held.bytes.set(value.subarray(0, room), offset);
      offset += Math.min(room, value.length);
      brought += Math.min(room, value.length);
      held.received = offset;
      if (cutAfter !== undefined && brought >= cutAfter) {
        await reader.cancel().catch(() => undefined);
        report(status, 'cut');
        return progressed();
      }
      if (value.length > room) {
        await reader.cancel().catch(() => undefined);
        // More than the range (or the image) holds.
        report(status, status === 200 ? 'size-mismatch' : 'bad-range');
        return status === 200 ? { done: 'size-mismatch' } : progressed();
      }
    }
  } catch (error) {
    // The connection dropped partway: keep what came.
    const code = failureCode(error);
    report(status, code === 'network' ? 'cut' : code);
    return progressed();
  }
  if (offset < limit) {
    // The body ended early: a whole image of no declared length that short is not the offer's;
    // anything else was cut.
    if (status === 200 && !response.headers.has('content-length')) {
      report(status, 'size-mismatch');
      return { done: 'size-mismatch' };
    }
    report(status, 'cut');
    return progressed();
  }
  report(status);
  return { done: 'progress' };
}

/** `Content-Range: bytes START-END/SIZE` (SIZE may be `*`, unknown). */
function contentRange(
  header: string | null,
): { start: number; end: number; total?: number } | undefined {
  const match = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(header?.trim() ?? '');
  if (match === null) return undefined;
  const [, start, end, total] = match;
  return {
    start: Number(start),
    end: Number(end),
    ...(total === '*' || total === undefined ? {} : { total: Number(total) }),
  };
}
