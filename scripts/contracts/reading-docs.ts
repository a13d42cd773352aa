import {
  DEVICE_MODELS,
  LIMITS,
  READING_MAX_AGE_MS,
  READING_MAX_FUTURE_MS,
  READING_MAX_METRICS,
  ReadingInputSchema,
  metricsOf,
} from '@gadget/shared';
import type { DeviceModelId } from '@gadget/shared';

const MINUTE_MS = 60 * 1000;
const DAY_MS = 24 * 60 * MINUTE_MS;

/**
 * The "Readings" part of docs/API.md: what one reading of `submitReadings` and `ingest` is, with
 * the limits the telemetry service enforces, and each model's metrics. Every figure comes from the
 * constants the service checks with, so the page cannot promise other limits than it enforces.
 */
export function renderReadingDocs(): string[] {
  const example = ReadingInputSchema.parse({
    id: 'r-1041',
    ts: '2026-12-07T09:14:00Z',
    values: { temperature: 21.4, humidity: 48 },
  });
  return [
    '# Readings',
    '',
    `\`readings\` of \`submitReadings\` and \`ingest\` holds 1 to ${String(LIMITS.readingsPerSubmission)} readings, each`,
    '',
    '```json',
    JSON.stringify(example, null, 2),
    '```',
    '',
    '| field | what it holds |',
    '|---|---|',
    `| \`id\` | ${String(readingIdLength().min)}–${String(readingIdLength().max)} characters of \`A–Z a–z 0–9 _ -\`, chosen by the sender and unique in the batch. A reading whose id the device already stored counts as a duplicate and is stored once, so a batch can be sent again after a lost answer. |`,
    `| \`ts\` | When it was taken: ISO 8601 with an offset or \`Z\`. At most ${String(READING_MAX_FUTURE_MS / MINUTE_MS)} minutes ahead of the server’s clock, at most ${String(READING_MAX_AGE_MS / DAY_MS)} days old. |`,
    `| \`values\` | 1 to ${String(READING_MAX_METRICS)} metrics of the device’s model (below), each a number within the metric’s range. |`,
    '',
    'One bad reading refuses the whole batch, and nothing is stored: `invalid-argument` (422 from',
    '`ingest`) with `details.fieldErrors["readings.<index>"]` listing every reason of every bad reading,',
    'for example `values.co2: the thermo-1 has no such metric (it reports temperature, humidity, battery)`.',
    `A batch whose readings fall in more than ${String(LIMITS.readingHoursPerSubmission)} UTC hours is refused before anything is read:`,
    `send a backlog oldest first, ${String(LIMITS.readingHoursPerSubmission)} hours a call.`,
    '',
    '## Each model’s metrics',
    '',
    'Also in `shared/schemas/models/{model}.metrics.json`.',
    '',
    '| model | metric | unit | min | max |',
    '|---|---|---|---|---|',
    ...(Object.keys(DEVICE_MODELS) as DeviceModelId[]).flatMap((model) =>
      Object.entries(metricsOf(model)).map(
        ([metric, spec]) =>
          `| \`${model}\` | \`${metric}\` | ${spec.unit} | ${String(spec.min)} | ${String(spec.max)} |`,
      ),
    ),
    '',
  ];
}

/** The id's length bounds, read from the pattern the schema checks (`{1,64}`). */
function readingIdLength(): { min: number; max: number } {
  const bounds = /\{(\d+),(\d+)\}\$$/.exec(LIMITS.readingIdPattern.source);
  if (bounds?.[1] === undefined || bounds[2] === undefined) {
    throw new Error(`No length bounds in ${LIMITS.readingIdPattern.source}`);
  }
  return { min: Number(bounds[1]), max: Number(bounds[2]) };
}
