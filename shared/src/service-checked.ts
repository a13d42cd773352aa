import * as z from 'zod';

/** Each value `checkedByService` made, with the schema its service checks it against. */
const CHECKED_AS = new WeakMap<object, z.ZodType>();

/**
 * A value the contract accepts as it is, checked later by a service against `checkedAs` (which
 * knows more than a schema can: the device's model, the clock, the other items of a batch, and
 * reports every bad item by its index). The generators of docs/API.md and shared/schemas/ show it
 * as `checkedAs` (`serviceCheckedAs`), the shape that is enforced, not the `{}` of an unchecked
 * value.
 */
export function checkedByService<T>(checkedAs: z.ZodType<T>): z.ZodType<T> {
  const value = z.custom<T>(() => true);
  CHECKED_AS.set(value, checkedAs);
  return value;
}

/** The schema a service checks `schema` against, when `checkedByService` made it. */
export function serviceCheckedAs(schema: object): z.ZodType | undefined {
  return CHECKED_AS.get(schema);
}
