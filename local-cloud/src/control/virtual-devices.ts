// Virtual devices: any program that runs simulated devices against local-cloud (a load generator, a
// test rig) reports them here, one list per source, and the console shows them. local-cloud knows
// nothing of what they are: a device is an id, a label, its last request and a flat state shown as
// given. Kept in memory only; POST /reset empties it.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readJson, sendJson } from '../net/json.ts';
import type { LiveEvents } from './live-events.ts';

export type VirtualDeviceValue = string | number | boolean | null;

export interface VirtualDeviceRequest {
  /** ISO 8601. */
  readonly at: string;
  /** The HTTP status (0 when no answer came). */
  readonly status: number;
  readonly latencyMs: number;
}

export interface VirtualDevice {
  readonly id: string;
  readonly label: string;
  readonly lastRequest: VirtualDeviceRequest | null;
  readonly state: Readonly<Record<string, VirtualDeviceValue>>;
}

export interface VirtualDeviceSource {
  readonly source: string;
  /** When the source last replaced its list (ISO 8601). */
  readonly updatedAt: string;
  readonly devices: readonly VirtualDevice[];
}

/** What the `virtual-devices` event says: which source changed and how many devices it has now. */
export interface VirtualDevicesEvent {
  readonly source: string;
  readonly devices: number;
  readonly removed: boolean;
}

export const MAX_DEVICES_PER_SOURCE = 2_000;
export const MAX_SOURCES = 100;
/** A full list of devices, each with a full state, fits; anything larger is refused unread. */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;
const MAX_TEXT = 200;
const MAX_STATE_FIELDS = 32;
const MAX_KEY = 64;
const SOURCE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const DEVICE_KEYS = new Set(['id', 'label', 'lastRequest', 'state']);
const REQUEST_KEYS = new Set(['at', 'status', 'latencyMs']);

/** A refused request, with the status it is answered with. */
class Refused extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

export class VirtualDevices {
  readonly #sources = new Map<string, VirtualDeviceSource>();
  readonly #live: LiveEvents;

  constructor(live: LiveEvents) {
    this.#live = live;
  }

  /** Every source, by name. */
  list(): VirtualDeviceSource[] {
    return [...this.#sources.values()].sort((a, b) => (a.source < b.source ? -1 : 1));
  }

  /** Replaces a source's list; false when it is a new source and there are already too many. */
  put(source: string, devices: readonly VirtualDevice[]): boolean {
    if (!this.#sources.has(source) && this.#sources.size >= MAX_SOURCES) return false;
    this.#sources.set(source, { source, updatedAt: new Date().toISOString(), devices });
    this.#publish({ source, devices: devices.length, removed: false });
    return true;
  }

  delete(source: string): void {
    if (this.#sources.delete(source)) this.#publish({ source, devices: 0, removed: true });
  }

  clear(): void {
    for (const source of [...this.#sources.keys()]) this.delete(source);
  }

  #publish(event: VirtualDevicesEvent): void {
    this.#live.publish('virtual-devices', event);
  }
}

/** Answers a virtual-devices route; false when `route` is not one. */
export async function handleVirtualDevicesRoute(
  devices: VirtualDevices,
  req: IncomingMessage,
  res: ServerResponse,
  route: string,
): Promise<boolean> {
  if (route === 'GET /virtual-devices') {
    sendJson(res, 200, { sources: devices.list() });
    return true;
  }
  const match = /^(PUT|DELETE) \/virtual-devices\/([^/]+)$/.exec(route);
  if (match === null) return false;
  try {
    const source = sourceOf(match[2] ?? '');
    if (match[1] === 'DELETE') {
      devices.delete(source);
      sendJson(res, 200, { ok: true });
      return true;
    }
    const body = await readJson(req, {
      maxBytes: MAX_BODY_BYTES,
      tooLarge: () => new Refused(413, `A body is at most ${String(MAX_BODY_BYTES)} bytes`),
      notJson: () => new Refused(400, 'The body is not JSON'),
    });
    const list = parseDevices(body);
    if (!devices.put(source, list)) {
      throw new Refused(409, `At most ${String(MAX_SOURCES)} sources: DELETE one first`);
    }
    sendJson(res, 200, { ok: true, devices: list.length });
  } catch (error) {
    if (!(error instanceof Refused)) throw error;
    sendJson(res, error.status, { error: { message: error.message } });
  }
  return true;
}

function sourceOf(segment: string): string {
  let source: string;
  try {
    source = decodeURIComponent(segment);
  } catch {
    source = '';
  }
  if (!SOURCE.test(source)) {
    throw new Refused(400, 'A source is 1 to 64 letters, digits, dots, dashes or underscores');
  }
  return source;
}

/** The devices a body lists, or a 400 naming the first thing wrong. */
function parseDevices(body: unknown): VirtualDevice[] {
  if (!isRecord(body) || !Array.isArray(body.devices) || Object.keys(body).length !== 1) {
    throw new Refused(400, 'Expected {devices: [{id, label, lastRequest, state}]}');
  }
  if (body.devices.length > MAX_DEVICES_PER_SOURCE) {
    throw new Refused(400, `At most ${String(MAX_DEVICES_PER_SOURCE)} devices per source`);
  }
  const ids = new Set<string>();
  return body.devices.map((given: unknown, index) => {
    const where = `devices[${String(index)}]`;
    const device = parseDevice(given, where);
    if (ids.has(device.id)) throw new Refused(400, `${where}.id ${device.id} is listed twice`);
    ids.add(device.id);
    return device;
  });
}

function parseDevice(given: unknown, where: string): VirtualDevice {
  if (!isRecord(given)) throw new Refused(400, `${where} is not an object`);
  const unknown = Object.keys(given).find((key) => !DEVICE_KEYS.has(key));
  if (unknown !== undefined) {
    throw new Refused(400, `${where}.${unknown} is unknown (id, label, lastRequest, state)`);
  }
  return {
    id: text(given.id, `${where}.id`),
    label: text(given.label, `${where}.label`),
    lastRequest: lastRequestOf(given.lastRequest ?? null, `${where}.lastRequest`),
    state: stateOf(given.state ?? {}, `${where}.state`),
  };
}

function lastRequestOf(given: unknown, where: string): VirtualDeviceRequest | null {
  if (given === null) return null;
  if (!isRecord(given) || Object.keys(given).some((key) => !REQUEST_KEYS.has(key))) {
    throw new Refused(400, `${where} must be null or {at, status, latencyMs}`);
  }
  const { at, status, latencyMs } = given;
  if (typeof at !== 'string' || Number.isNaN(Date.parse(at)) || at.length > 40) {
    throw new Refused(400, `${where}.at must be an ISO 8601 time`);
  }
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 0 || status > 999) {
    throw new Refused(400, `${where}.status must be a whole number from 0 to 999`);
  }
  if (typeof latencyMs !== 'number' || !Number.isFinite(latencyMs) || latencyMs < 0) {
    throw new Refused(400, `${where}.latencyMs must be a number of milliseconds from 0`);
  }
  return { at, status, latencyMs };
}

function stateOf(given: unknown, where: string): Record<string, VirtualDeviceValue> {
  if (!isRecord(given)) throw new Refused(400, `${where} must be an object`);
  const entries = Object.entries(given);
  if (entries.length > MAX_STATE_FIELDS) {
    throw new Refused(400, `${where} has at most ${String(MAX_STATE_FIELDS)} fields`);
  }
  for (const [key, value] of entries) {
    if (key === '' || key.length > MAX_KEY) {
      throw new Refused(400, `${where} field names are 1 to ${String(MAX_KEY)} characters`);
    }
    if (!(
      value === null ||
      typeof value === 'boolean' ||
      (typeof value === 'number' && Number.isFinite(value)) ||
      (typeof value === 'string' && value.length <= MAX_TEXT)
    )) {
      throw new Refused(
        400,
        `${where}.${key} must be a string (at most ${String(MAX_TEXT)} characters), a number, true, false or null`,
      );
    }
  }
  // fromEntries defines each field as its own, so not even `__proto__` reaches the prototype.
  return Object.fromEntries(entries) as Record<string, VirtualDeviceValue>;
}

function text(given: unknown, where: string): string {
  if (typeof given !== 'string' || given === '' || given.length > MAX_TEXT) {
    throw new Refused(400, `${where} must be a string of 1 to ${String(MAX_TEXT)} characters`);
  }
  return given;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
