import { fromProto3JSON, toProto3JSON } from 'proto3-json-serializer';
import type { JSONObject, JSONValue } from 'proto3-json-serializer';
import type protobuf from 'protobufjs';
import { PROTO_OPTIONS } from '../../net/grpc.ts';
import { parseJson } from '../../net/json.ts';
import { invalid } from '../data/errors.ts';
import type { RpcError } from '../data/errors.ts';
import { firestoreProtos } from '../protos.ts';

/**
 * ProtoJSON (what WebChannel and REST carry) to and from the object shapes @grpc/proto-loader
 * produces with PROTO_OPTIONS, so every transport hands the engine the same messages.
 */

const INT64 = /^(?:u?int64|s?fixed64|sint64)$/;
const INT32 = /^(?:u?int32|s?fixed32|sint32)$/;
type Range = readonly [bigint, bigint];
const RANGES: Record<'int32' | 'uint32' | 'int64' | 'uint64', Range> = {
  int32: [-(2n ** 31n), 2n ** 31n - 1n],
  uint32: [0n, 2n ** 32n - 1n],
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
  uint64: [0n, 2n ** 64n - 1n],
};

const types = new Map<string, protobuf.Type>();

/** A message type by its full name, e.g. 'google.firestore.v1.ListenRequest'. */
export function messageType(name: string): protobuf.Type {
  let type = types.get(name);
  if (!type) {
    type = firestoreProtos().root.lookupType(name);
    type.resolveAll();
    types.set(name, type);
  }
  return type;
}

/** ProtoJSON → proto-loader shape; anything that does not fit the type is INVALID_ARGUMENT. */
export function fromProtoJson(typeName: string, json: unknown): Record<string, unknown> {
  const type = messageType(typeName);
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw invalid(`Invalid JSON payload: expected an object for ${type.name}.`);
  checkIntegers(type, json as Record<string, unknown>, type.name);
  try {
    const message = fromProto3JSON(type, json as JSONObject);
    if (!message) throw new Error('no message');
    // The conversion proto-loader applies to a binary message, so the generated types hold here too.
    return type.toObject(message, PROTO_OPTIONS);
  } catch (e) {
    throw invalid(`Invalid JSON payload for ${type.name}: ${e instanceof Error ? e.message : ''}`);
  }
}

/** The INVALID_ARGUMENT for a request body that does not parse. */
export const notJson = (): RpcError =>
  invalid('Invalid JSON payload received: the body is not JSON.');

/** Parses text (a blank one is the empty message), then as fromProtoJson. */
export function parseProtoJson(typeName: string, text: string): Record<string, unknown> {
  const json = parseJson(text, notJson);
  return fromProtoJson(typeName, json === undefined ? {} : json);
}

/** proto-loader shape → ProtoJSON, with proto3 default values left out. */
export function toProtoJson(typeName: string, object: object): JSONObject {
  const type = messageType(typeName);
  const message = type.fromObject(withoutDefaults(type, object as Record<string, unknown>));
  const json = toProto3JSON(message) as JSONObject;
  dropEmptyMaps(type, json);
  return json;
}

/** protobufjs gives every message instance its map fields as `{}`, which ProtoJSON leaves out. */
function dropEmptyMaps(type: protobuf.Type, json: JSONObject): void {
  for (const [key, value] of Object.entries(json)) {
    const field = type.fields[key];
    if (!field || typeof value !== 'object' || value === null) continue;
    const nested =
      field.resolvedType && 'fields' in field.resolvedType ? field.resolvedType : undefined;
    const children: JSONValue[] = field.map
      ? Object.values(value)
      : Array.isArray(value)
        ? value
        : [value];
    if (field.map && children.length === 0) {
      Reflect.deleteProperty(json, key);
      continue;
    }
    if (!nested) continue;
    for (const child of children)
      if (typeof child === 'object' && child !== null && !Array.isArray(child))
        dropEmptyMaps(nested, child);
  }
}

/**
 * proto3-json-serializer hands integers to protobufjs unchecked, which turns "abc" into 0 and
 * wraps values out of range; Firestore refuses both, so they are checked here first.
 */
function checkIntegers(type: protobuf.Type, json: Record<string, unknown>, where: string): void {
  for (const [key, value] of Object.entries(json)) {
    const field = type.fields[key];
    if (!field || value === null || value === undefined) continue;
    const items: unknown[] = field.repeated && Array.isArray(value) ? value : [value];
    if (field.map) {
      if (typeof value !== 'object')
        throw invalid(`Invalid JSON payload: ${where}.${key} must be an object.`);
      items.length = 0;
      items.push(...Object.values(value as Record<string, unknown>));
    }
    for (const item of items) {
      if (INT64.test(field.type) || INT32.test(field.type)) checkInteger(field, item, where);
      else if (field.resolvedType && 'fields' in field.resolvedType && isPlainObject(item))
        checkIntegers(field.resolvedType, item, `${where}.${key}`);
    }
  }
}

function checkInteger(field: protobuf.Field, value: unknown, where: string): void {
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string' || !/^-?\d+$/.test(text))
    throw invalid(`Invalid value at '${where}.${field.name}': expected an integer.`);
  const n = BigInt(text);
  const unsigned = field.type.startsWith('u') || field.type.startsWith('fixed');
  const bits = INT32.test(field.type) ? '32' : '64';
  const [min, max] = RANGES[`${unsigned ? 'u' : ''}int${bits}` as const];
  if (n < min || n > max)
    throw invalid(`Invalid value at '${where}.${field.name}': ${text} is out of range.`);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);
}

/**
 * A copy without the fields ProtoJSON leaves out (proto3 scalars at their default, outside a
 * oneof), and with byte fields as Buffers: proto3-json-serializer base64-encodes a plain
 * Uint8Array from the start of its backing buffer, which is wrong for a view at an offset.
 */
function withoutDefaults(type: protobuf.Type, object: Record<string, unknown>): object {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(object)) {
    const field = type.fields[key];
    if (!field || value === undefined) continue;
    const nested = field.resolvedType && 'fields' in field.resolvedType ? field.resolvedType : null;
    const convert = (v: unknown): unknown =>
      nested && isPlainObject(v)
        ? withoutDefaults(nested, v)
        : v instanceof Uint8Array && !Buffer.isBuffer(v)
          ? Buffer.from(v.buffer, v.byteOffset, v.byteLength)
          : v;
    if (field.map && isPlainObject(value)) {
      if (Object.keys(value).length === 0) continue;
      out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, convert(v)]));
    } else if (Array.isArray(value)) {
      out[key] = value.map(convert);
    } else if (field.partOf || field.options?.proto3_optional || !isDefault(field, value)) {
      out[key] = convert(value);
    }
  }
  return out;
}

function isDefault(field: protobuf.Field, value: unknown): boolean {
  if (field.resolvedType && 'values' in field.resolvedType) {
    const values = field.resolvedType.values;
    return value === 0 || (typeof value === 'string' && values[value] === 0);
  }
  if (field.resolvedType) return false;
  if (value === false || value === '' || value === 0 || value === '0') return true;
  return value instanceof Uint8Array && value.length === 0;
}

export type { JSONValue };
