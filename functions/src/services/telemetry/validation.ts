import {
  LIMITS,
  READING_MAX_AGE_MS,
  READING_MAX_FUTURE_MS,
  ReadingInputSchema,
  metricsOf,
  readingHourCount,
} from '@gadget/shared';
import type { DeviceModelId } from '@gadget/shared';
import { invalidArgument } from '../../errors.ts';

/** A reading that passed validation, with its time parsed. */
export interface ValidReading {
  readonly id: string;
  readonly ts: Date;
  readonly values: Readonly<Record<string, number>>;
}

/**
 * Checks a whole batch against the shared schema, the device's model and the clock. One bad
 * reading refuses the batch: the error lists every bad reading by index
 * (`fieldErrors['readings.<index>']`), so the sender can fix them all at once.
 */
export function validateReadings(
  batch: readonly unknown[],
  model: DeviceModelId,
  now: Date,
): ValidReading[] {
  const problems: Record<string, string[]> = {};
  const valid: ValidReading[] = [];
  const seen = new Set<string>();
  const formErrors: string[] = [];
  if (batch.length === 0 || batch.length > LIMITS.readingsPerSubmission) {
    formErrors.push(`Expected 1 to ${String(LIMITS.readingsPerSubmission)} readings.`);
  }
  batch.forEach((raw, index) => {
    const found = readingProblems(raw, model, now, seen);
    if (found.problems.length > 0) problems[`readings.${String(index)}`] = found.problems;
    else if (found.reading !== undefined) valid.push(found.reading);
  });
  if (formErrors.length > 0 || Object.keys(problems).length > 0) {
    throw invalidArgument('Some readings are not valid; none were stored.', {
      formErrors,
      fieldErrors: problems,
    });
  }
  return valid;
}

function readingProblems(
  raw: unknown,
  model: DeviceModelId,
  now: Date,
  seen: Set<string>,
): { problems: string[]; reading?: ValidReading } {
  const parsed = ReadingInputSchema.safeParse(raw);
  if (!parsed.success) {
    return {
      problems: parsed.error.issues.map((issue) =>
        issue.path.length === 0 ? issue.message : `${issue.path.join('.')}: ${issue.message}`,
      ),
    };
  }
  const { id, values } = parsed.data;
  const ts = new Date(parsed.data.ts);
  const problems: string[] = [];
  if (seen.has(id)) problems.push(`id: ${id} appears more than once in the batch`);
  seen.add(id);
  if (ts.getTime() < now.getTime() - READING_MAX_AGE_MS) {
    problems.push('ts: older than 7 days');
  } else if (ts.getTime() > now.getTime() + READING_MAX_FUTURE_MS) {
    problems.push('ts: more than 5 minutes in the future');
  }
  const specs = metricsOf(model);
  for (const [metric, value] of Object.entries(values)) {
    const spec = Object.hasOwn(specs, metric) ? specs[metric] : undefined;
    if (spec === undefined) {
      problems.push(
        `values.${metric}: the ${model} has no such metric (it reports ${Object.keys(specs).join(', ')})`,
      );
    } else if (!Number.isFinite(value) || value < spec.min || value > spec.max) {
      problems.push(
        `values.${metric}: must be within ${String(spec.min)}..${String(spec.max)} ${spec.unit}`,
      );
    }
  }
  return problems.length > 0 ? { problems } : { problems, reading: { id, ts, values } };
}
/**
 * Refuses, before anything is read, readings in more UTC hours than one submission may touch: each
 * hour is a document read and written, and held in memory, in the transaction.
 */
export function refuseTooManyHours(readings: readonly unknown[]): void {
  const hours = readingHourCount(readings);
  const max = LIMITS.readingHoursPerSubmission;
  if (hours <= max) return;
  throw invalidArgument(
    `These readings fall in ${String(hours)} UTC hours; one request may carry at most ${String(max)}.`,
    {
      formErrors: [],
      fieldErrors: {
        readings: [
          `At most ${String(max)} distinct UTC hours per request: send a backlog oldest first, ${String(max)} hours at a time.`,
        ],
      },
    },
  );
}
