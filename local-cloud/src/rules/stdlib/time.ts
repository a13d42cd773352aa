// rules.Timestamp and rules.Duration methods, and the timestamp.* and duration.* functions
// (firebase.google.com/docs/reference/rules/rules.Timestamp_, rules.Duration, rules.timestamp,
// rules.duration_). Timestamps are UTC with nanosecond accuracy.
import { RDuration, RError, RTimestamp } from '../values.ts';
import type { RValue, Result } from '../values.ts';
import { arity, fail, wrongType } from './util.ts';
import type { Method } from './util.ts';

const NS_PER_MS = 1_000_000n;
const NS_PER_S = 1_000_000_000n;
const NS_PER_DAY = 86_400n * NS_PER_S;

// Timestamps span 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999999Z, as Firestore's do.
const MIN_TS = -62_135_596_800n * NS_PER_S;
const MAX_TS = 253_402_300_800n * NS_PER_S - 1n;
// "seconds portion ... from -315,576,000,000 to +315,576,000,000 inclusive" (rules.Duration).
const MAX_DURATION = 315_576_000_000n * NS_PER_S + 999_999_999n;

export function timestamp(nanos: bigint): RTimestamp | RError {
  return nanos < MIN_TS || nanos > MAX_TS ? fail('Timestamp out of range.') : new RTimestamp(nanos);
}

export function duration(nanos: bigint): RDuration | RError {
  return nanos < -MAX_DURATION || nanos > MAX_DURATION
    ? fail('Duration out of range.')
    : new RDuration(nanos);
}

const floorDiv = (a: bigint, b: bigint): bigint =>
  a / b - (a % b !== 0n && a < 0n !== b < 0n ? 1n : 0n);

/** Calendar fields in UTC; Date covers years 1 to 9999 at millisecond precision. */
function fields(t: RTimestamp): { date: Date; subMsNanos: bigint; dayNanos: bigint } {
  const ms = floorDiv(t.nanos, NS_PER_MS);
  const dayStart = floorDiv(t.nanos, NS_PER_DAY) * NS_PER_DAY;
  return {
    date: new Date(Number(ms)),
    subMsNanos: t.nanos - ms * NS_PER_MS,
    dayNanos: t.nanos - dayStart,
  };
}

const field =
  (name: string, f: (t: RTimestamp) => bigint): Method<RTimestamp> =>
  (t, args) =>
    arity(name, args, 0) ?? f(t);

export const timestampMethods: Record<string, Method<RTimestamp>> = {
  date: (t, args) => arity('date', args, 0) ?? new RTimestamp(t.nanos - fields(t).dayNanos),
  time: (t, args) => arity('time', args, 0) ?? new RDuration(fields(t).dayNanos),
  year: field('year', (t) => BigInt(fields(t).date.getUTCFullYear())),
  month: field('month', (t) => BigInt(fields(t).date.getUTCMonth() + 1)),
  day: field('day', (t) => BigInt(fields(t).date.getUTCDate())),
  hours: field('hours', (t) => BigInt(fields(t).date.getUTCHours())),
  minutes: field('minutes', (t) => BigInt(fields(t).date.getUTCMinutes())),
  seconds: field('seconds', (t) => BigInt(fields(t).date.getUTCSeconds())),
  nanos: field('nanos', (t) => t.nanos - floorDiv(t.nanos, NS_PER_S) * NS_PER_S),
  // "1 to 7": ISO 8601 numbering, Monday 1 to Sunday 7 (java.time.DayOfWeek, the JVM's).
  dayOfWeek: field('dayOfWeek', (t) => BigInt(fields(t).date.getUTCDay() || 7)),
  dayOfYear: field('dayOfYear', (t) => {
    const d = fields(t).date;
    const jan1 = new Date(0);
    jan1.setUTCFullYear(d.getUTCFullYear(), 0, 1);
    return BigInt(Math.floor((d.getTime() - jan1.getTime()) / 86_400_000) + 1);
  }),
  toMillis: field('toMillis', (t) => t.toMillis()),
};

export const durationMethods: Record<string, Method<RDuration>> = {
  // Both portions are signed and truncate toward zero, like google.protobuf.Duration.
  seconds: (d, args) => arity('seconds', args, 0) ?? d.nanos / NS_PER_S,
  nanos: (d, args) => arity('nanos', args, 0) ?? d.nanos % NS_PER_S,
};

const UNITS: Record<string, bigint> = {
  w: 7n * NS_PER_DAY,
  d: NS_PER_DAY,
  h: 3600n * NS_PER_S,
  m: 60n * NS_PER_S,
  s: NS_PER_S,
  ms: NS_PER_MS,
  ns: 1n,
};

function ints(name: string, args: readonly RValue[], n: number): bigint[] | RError {
  const bad = arity(name, args, n);
  if (bad) return bad;
  for (const a of args) if (typeof a !== 'bigint') return wrongType(name, 'integers', a);
  return args as bigint[];
}

function daysInMonth(year: number, month: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month, 0);
  return d.getUTCDate();
}

export const timeFunctions: Record<string, (args: readonly RValue[]) => Result> = {
  'timestamp.value': (args) => {
    const a = ints('timestamp.value', args, 1);
    return a instanceof RError ? a : timestamp((a[0] ?? 0n) * NS_PER_MS);
  },
  'timestamp.date': (args) => {
    const a = ints('timestamp.date', args, 3);
    if (a instanceof RError) return a;
    const [y, m, d] = a.map(Number) as [number, number, number];
    if (y < 1 || y > 9999) return fail('timestamp.date(): year out of range.');
    if (m < 1 || m > 12) return fail('timestamp.date(): month out of range.');
    if (d < 1 || d > daysInMonth(y, m)) return fail('timestamp.date(): day out of range.');
    const date = new Date(0);
    date.setUTCFullYear(y, m - 1, d);
    return new RTimestamp(BigInt(date.getTime()) * NS_PER_MS);
  },
  'duration.value': (args) => {
    const bad = arity('duration.value', args, 2);
    if (bad) return bad;
    const [magnitude, unit] = args as [RValue, RValue];
    if (typeof magnitude !== 'bigint')
      return wrongType('duration.value', 'an integer magnitude', magnitude);
    if (typeof unit !== 'string') return wrongType('duration.value', 'a string unit', unit);
    const scale = UNITS[unit];
    if (scale === undefined) return fail(`duration.value(): unknown unit ${JSON.stringify(unit)}.`);
    return duration(magnitude * scale);
  },
  'duration.time': (args) => {
    const a = ints('duration.time', args, 4);
    if (a instanceof RError) return a;
    const [h, m, s, ns] = a as [bigint, bigint, bigint, bigint];
    return duration(h * 3600n * NS_PER_S + m * 60n * NS_PER_S + s * NS_PER_S + ns);
  },
  'duration.abs': (args) => {
    const bad = arity('duration.abs', args, 1);
    if (bad) return bad;
    const d = args[0] as RValue;
    if (!(d instanceof RDuration)) return wrongType('duration.abs', 'a duration', d);
    return new RDuration(d.nanos < 0n ? -d.nanos : d.nanos);
  },
};
