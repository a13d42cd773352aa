import { expect } from 'vitest';

// What the host tests say to the control API: a request and its JSON answer, and the live events.

/**
 * A control API request with an optional JSON body (a string is sent as it is, bad JSON too).
 * Everything but a GET declares JSON, as the control API asks.
 */
export async function controlRequest(
  controlUrl: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${controlUrl}${path}`, {
    method,
    ...(method === 'GET' ? {} : { headers: { 'content-type': 'application/json' } }),
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/**
 * Subscribes to the control API's server-sent events, runs `act`, and reads the stream until
 * `count` events of `type` arrived: their data, parsed. Subscribed before acting, so none is missed.
 */
export async function collectEvents(
  controlUrl: string,
  type: string,
  count: number,
  act: () => Promise<void>,
): Promise<unknown[]> {
  const controller = new AbortController();
  const response = await fetch(`${controlUrl}/events`, { signal: controller.signal });
  expect(response.headers.get('content-type')).toBe('text/event-stream');
  const body: ReadableStream<Uint8Array> = response.body ?? new ReadableStream<Uint8Array>();
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const seen: unknown[] = [];
  let text = '';
  await reader.read(); // ': connected': subscribed before acting
  await act();
  while (seen.length < count) {
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
    const frames = text.split('\n\n');
    text = frames.pop() ?? '';
    for (const frame of frames) {
      const kind = /^event: (.+)$/m.exec(frame)?.[1];
      const data = /^data: (.+)$/m.exec(frame)?.[1];
      if (kind === type && data !== undefined) seen.push(JSON.parse(data));
    }
  }
  controller.abort();
  return seen;
}
