import { describe, expect, it } from 'vitest';
import { EnsureProfileRequestSchema } from './ensure-profile.ts';

describe('ensureProfile request', () => {
  it('accepts an empty request and canonicalises the locale', () => {
    expect(EnsureProfileRequestSchema.parse({})).toEqual({});
    expect(
      EnsureProfileRequestSchema.parse({ locale: 'de-de', timeZone: 'Europe/Berlin' }),
    ).toEqual({
      locale: 'de-DE',
      timeZone: 'Europe/Berlin',
    });
  });

  it('refuses unknown fields so that typos do not pass silently', () => {
    const result = EnsureProfileRequestSchema.safeParse({ timezone: 'Europe/Berlin' });
    expect(result.success).toBe(false);
  });

  it('refuses a bad time zone with the field named', () => {
    const result = EnsureProfileRequestSchema.safeParse({ timeZone: 'CET' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['timeZone']);
  });
});
