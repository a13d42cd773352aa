import { describe, expect, it } from 'vitest';
import { RDuration, RError, RTimestamp } from '../values.ts';
import type { RValue } from '../values.ts';
import { callFunction, callMethod } from './index.ts';

// References: https://firebase.google.com/docs/reference/rules/rules.Timestamp_,
// .../rules.Duration, .../rules.timestamp, .../rules.duration_
const NS = 1_000_000_000n;
const at = (iso: string, extraNanos = 0n) =>
  new RTimestamp(BigInt(Date.parse(iso)) * 1_000_000n + extraNanos);
const call = (r: RValue, name: string, ...args: RValue[]) => callMethod(r, name, args);
// 2024-02-29T13:45:30.123456789Z, a Thursday, the 60th day of a leap year.
const t = at('2024-02-29T13:45:30.123Z', 456_789n);

describe('rules.Timestamp ("A timestamp in UTC with nanosecond accuracy")', () => {
  it('date: "Timestamp value containing year, month, and day only"', () => {
    expect(call(t, 'date')).toEqual(at('2024-02-29T00:00:00Z'));
    expect(call(at('1969-12-31T23:00:00Z'), 'date')).toEqual(at('1969-12-31T00:00:00Z'));
    expect(call(t, 'date', 1n)).toBeInstanceOf(RError);
  });

  it('year, month, day: "Get the ... value of the timestamp"', () => {
    expect(call(t, 'year')).toBe(2024n);
    expect(call(t, 'month')).toBe(2n);
    expect(call(t, 'day')).toBe(29n);
    expect(call(t, 'year', 1n)).toBeInstanceOf(RError);
    expect(call(t, 'month', 1n)).toBeInstanceOf(RError);
    expect(call(t, 'day', 1n)).toBeInstanceOf(RError);
  });

  it('hours, minutes, seconds, nanos: the time-of-day fields', () => {
    expect(call(t, 'hours')).toBe(13n);
    expect(call(t, 'minutes')).toBe(45n);
    expect(call(t, 'seconds')).toBe(30n);
    expect(call(t, 'nanos')).toBe(123_456_789n);
    // Before the epoch the fields still count forward within the second.
    expect(call(new RTimestamp(-1n), 'nanos')).toBe(999_999_999n);
    expect(call(new RTimestamp(-1n), 'seconds')).toBe(59n);
    expect(call(t, 'hours', 1n)).toBeInstanceOf(RError);
    expect(call(t, 'nanos', 1n)).toBeInstanceOf(RError);
  });

  it('dayOfWeek: "Get the day of the week as a value from 1 to 7" (Monday is 1)', () => {
    expect(call(t, 'dayOfWeek')).toBe(4n);
    expect(call(at('2024-03-03T00:00:00Z'), 'dayOfWeek')).toBe(7n);
    expect(call(at('2024-03-04T00:00:00Z'), 'dayOfWeek')).toBe(1n);
    expect(call(t, 'dayOfWeek', 1n)).toBeInstanceOf(RError);
  });

  it('dayOfYear: "Get the day of the year as a value from 1 to 366"', () => {
    expect(call(t, 'dayOfYear')).toBe(60n);
    expect(call(at('2024-12-31T23:59:59Z'), 'dayOfYear')).toBe(366n);
    expect(call(at('2023-01-01T00:00:00Z'), 'dayOfYear')).toBe(1n);
    expect(call(t, 'dayOfYear', 1n)).toBeInstanceOf(RError);
  });

  it('time: "Get the duration value from the time portion of the timestamp"', () => {
    expect(call(t, 'time')).toEqual(
      new RDuration((13n * 3600n + 45n * 60n + 30n) * NS + 123_456_789n),
    );
    expect(call(t, 'time', 1n)).toBeInstanceOf(RError);
  });

  it('toMillis: "Get the time in milliseconds since the epoch"', () => {
    expect(call(t, 'toMillis')).toBe(BigInt(Date.parse('2024-02-29T13:45:30.123Z')));
    expect(call(new RTimestamp(-1n), 'toMillis')).toBe(-1n);
    expect(call(t, 'toMillis', 1n)).toBeInstanceOf(RError);
  });
});

describe('rules.Duration', () => {
  it('seconds: "Get the seconds portion (signed) of the duration"', () => {
    expect(call(new RDuration(90n * NS + 5n), 'seconds')).toBe(90n);
    expect(call(new RDuration(-(90n * NS + 5n)), 'seconds')).toBe(-90n);
    expect(call(new RDuration(0n), 'seconds', 1n)).toBeInstanceOf(RError);
  });

  it('nanos: "Get the nanoseconds portion (signed) of the duration"', () => {
    expect(call(new RDuration(90n * NS + 5n), 'nanos')).toBe(5n);
    expect(call(new RDuration(-(90n * NS + 5n)), 'nanos')).toBe(-5n);
    expect(call(new RDuration(0n), 'nanos', 1n)).toBeInstanceOf(RError);
  });
});

describe('timestamp.*', () => {
  it('timestamp.date: "Make a timestamp from a year, month, and day"', () => {
    // timestamp.date(1984, 1, 2) is 1984-01-02T00:00:00Z
    expect(callFunction('timestamp.date', [1984n, 1n, 2n])).toEqual(at('1984-01-02T00:00:00Z'));
    expect(callFunction('timestamp.date', [1n, 1n, 1n])).toEqual(
      new RTimestamp(-62_135_596_800n * NS),
    );
    expect(callFunction('timestamp.date', [2023n, 2n, 29n])).toBeInstanceOf(RError);
    expect(callFunction('timestamp.date', [2023n, 13n, 1n])).toBeInstanceOf(RError);
    expect(callFunction('timestamp.date', [2023n, 1n])).toBeInstanceOf(RError);
    expect(callFunction('timestamp.date', [2023.0, 1n, 1n])).toBeInstanceOf(RError);
  });

  it('timestamp.value: "Make a timestamp from an epoch time in milliseconds"', () => {
    expect(callFunction('timestamp.value', [1_000n])).toEqual(new RTimestamp(NS));
    expect(callFunction('timestamp.value', ['1000'])).toBeInstanceOf(RError);
    // Past 9999-12-31 there is no timestamp.
    expect(callFunction('timestamp.value', [253_402_300_800_000n])).toBeInstanceOf(RError);
  });
});

describe('duration.*', () => {
  it('duration.abs: "Absolute value of a duration"', () => {
    // duration.abs(duration.value(-10, 's')) == duration.value(10, 's')
    expect(callFunction('duration.abs', [new RDuration(-10n * NS)])).toEqual(
      new RDuration(10n * NS),
    );
    expect(callFunction('duration.abs', [-10n])).toBeInstanceOf(RError);
  });

  it('duration.time: "Create a duration from hours, minutes, seconds, and nanoseconds"', () => {
    expect(callFunction('duration.time', [1n, 2n, 3n, 4n])).toEqual(new RDuration(3723n * NS + 4n));
    expect(callFunction('duration.time', [1n, 2n, 3n])).toBeInstanceOf(RError);
    expect(callFunction('duration.time', [1n, 2n, 3n, 0.5])).toBeInstanceOf(RError);
  });

  it('duration.value: "Create a duration from a numeric magnitude and string unit"', () => {
    // duration.value(1, 'w') // Create a duration for 1 week of time.
    expect(callFunction('duration.value', [1n, 'w'])).toEqual(new RDuration(7n * 86_400n * NS));
    const units: [string, bigint][] = [
      ['d', 86_400n * NS],
      ['h', 3600n * NS],
      ['m', 60n * NS],
      ['s', NS],
      ['ms', 1_000_000n],
      ['ns', 1n],
    ];
    for (const [unit, nanos] of units)
      expect(callFunction('duration.value', [2n, unit])).toEqual(new RDuration(2n * nanos));
    expect(callFunction('duration.value', [1n, 'y'])).toBeInstanceOf(RError);
    expect(callFunction('duration.value', [1.5, 'h'])).toBeInstanceOf(RError);
    // Past the documented ±315,576,000,000 seconds.
    expect(callFunction('duration.value', [315_576_000_001n, 's'])).toBeInstanceOf(RError);
  });
});
