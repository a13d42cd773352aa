import { describe, expect, it } from 'vitest';
import { LocaleSchema, TimeZoneSchema } from './locale.ts';

describe('LocaleSchema', () => {
  it.each([
    ['en', 'en'],
    ['de-DE', 'de-DE'],
    ['en-us', 'en-US'],
    ['zh-Hant-TW', 'zh-Hant-TW'],
  ])('accepts %s as %s', (input, canonical) => {
    expect(LocaleSchema.parse(input)).toBe(canonical);
  });

  it.each(['', 'e', 'english language', 'en_US!', '12-34', 'x'.repeat(36)])(
    'refuses %j',
    (input) => {
      expect(LocaleSchema.safeParse(input).success).toBe(false);
    },
  );
});

describe('TimeZoneSchema', () => {
  it.each(['UTC', 'Europe/Berlin', 'America/Argentina/Buenos_Aires', 'Asia/Kolkata'])(
    'accepts %s',
    (zone) => {
      expect(TimeZoneSchema.parse(zone)).toBe(zone);
    },
  );

  it.each(['', 'CET', 'Mars/Olympus_Mons', 'Europe/Berlin ', 'GMT+2', 'utc/../etc'])(
    'refuses %j',
    (zone) => {
      expect(TimeZoneSchema.safeParse(zone).success).toBe(false);
    },
  );
});
