import * as z from 'zod';

/** A BCP 47 language tag, stored in its canonical form (`en-us` becomes `en-US`). */
export const LocaleSchema = z
  .string()
  .min(2)
  .max(35)
  .transform((value, ctx) => {
    try {
      const [canonical] = Intl.getCanonicalLocales(value);
      if (canonical !== undefined) return canonical;
    } catch {
      // fall through to the issue below
    }
    ctx.addIssue({ code: 'custom', message: 'Not a BCP 47 language tag' });
    return z.NEVER;
  });

/** An IANA time zone the runtime knows (`Europe/Berlin`, `UTC`); abbreviations such as `CET` are refused. */
export const TimeZoneSchema = z
  .string()
  .min(1)
  .max(64)
  .refine(isIanaTimeZone, { error: 'Not an IANA time zone' });

function isIanaTimeZone(value: string): boolean {
  if (value === 'UTC') return true;
  if (!value.includes('/')) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}
