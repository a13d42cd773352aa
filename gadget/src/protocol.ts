import {
  FieldErrorsSchema,
  GadgetReportSchema,
  IngestRequestSchema,
  RELAYED_REPORT_MAX_BYTES,
} from '@gadget/shared';
import type { CommandAck, GadgetSync, OtaReport, ReadingInput } from '@gadget/shared';

/**
 * The protocol's wire forms (see docs/API.md, "The gadget protocol"). Every body is built through
 * the shared request schema, so a gadget that would send something the backend refuses fails here.
 */

/** What the gadget says in one call, whichever way it travels. */
export interface GadgetCall {
  /** Buffered readings, oldest first, at most a submission's worth. */
  readonly readings: readonly ReadingInput[];
  /** Sent on every call: the backend settles settings from the versions. */
  readonly sync: GadgetSync;
  readonly acks: readonly CommandAck[];
  /** Sent on every call: cheap, and the device shows what it runs. */
  readonly firmware: string;
  /** Where an update is, while one is under way (until a call carrying its end succeeded). */
  readonly ota?: OtaReport | undefined;
}

/** An `ingest` body (`IngestRequestSchema`) as JSON: readings and acks only when there are some. */
export function ingestBody({ readings, sync, acks, firmware, ota }: GadgetCall): string {
  return JSON.stringify(
    IngestRequestSchema.parse({
      ...(readings.length > 0 ? { readings } : {}),
      firmware,
      sync,
      ...(acks.length > 0 ? { acks } : {}),
      ...(ota === undefined ? {} : { ota }),
    }),
  );
}

/**
 * A BLE report (`GadgetReportSchema`) as the exact bytes the gadget signs and the phone relays:
 * they travel as they are, so no canonical form is needed.
 */
export function reportBytes(seq: number, { sync, acks, firmware, ota }: GadgetCall): Uint8Array {
  const report = GadgetReportSchema.parse({
    seq,
    sync,
    ...(acks.length > 0 ? { acks } : {}),
    firmware,
    ...(ota === undefined ? {} : { ota }),
  });
  const bytes = new TextEncoder().encode(JSON.stringify(report));
  if (bytes.length > RELAYED_REPORT_MAX_BYTES) {
    throw new RangeError(`A report of ${String(bytes.length)} bytes is more than a phone relays`);
  }
  return bytes;
}

/** An answer's body, or undefined when it is not JSON (a proxy's error page, a cut connection). */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * What an `invalid-argument` refusal names in its field errors: readings by index into the batch
 * sent (`readings.<index>`), returned as their ids, and local changes (`sync.changed.<name>`).
 */
export function refusedByDetails(
  details: unknown,
  readings: readonly ReadingInput[],
): { readonly readingIds: string[]; readonly changes: string[] } {
  const parsed = FieldErrorsSchema.safeParse(details);
  const fields = parsed.success ? Object.keys(parsed.data.fieldErrors) : [];
  return {
    readingIds: fields.flatMap((field) => {
      const index = /^readings\.(\d+)$/.exec(field)?.[1];
      const reading = index === undefined ? undefined : readings[Number(index)];
      return reading === undefined ? [] : [reading.id];
    }),
    changes: fields.flatMap((field) => {
      const name = /^sync\.changed\.(.+)$/.exec(field)?.[1];
      return name === undefined ? [] : [name];
    }),
  };
}
