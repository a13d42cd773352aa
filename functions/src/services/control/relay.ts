import * as z from 'zod';
import { GadgetReportSchema } from '@gadget/shared';
import type { GadgetReport, RelayGadgetReportResponse } from '@gadget/shared';
import { db } from '../../admin.ts';
import { invalidArgument, permissionDenied } from '../../errors.ts';
import { collections, documents } from '../../data/collections.ts';
import { requireRole } from '../devices/device-access.ts';
import { readSerial } from '../devices/device-identity.ts';
import { planGadgetOta } from '../firmware/gadget-ota.ts';
import { statusChange } from '../telemetry/device-status.ts';
import { planGadgetSync } from './gadget-sync.ts';
import { verifyGadgetSignature } from './gadget-signatures.ts';

export interface RelayInput {
  readonly uid: string;
  readonly deviceId: string;
  /** base64 of the JSON bytes the gadget signed. */
  readonly report: string;
  readonly signature: string;
  readonly now?: Date;
}

export interface RelayOutcome extends RelayGadgetReportResponse {
  readonly seq: number;
  readonly finishedCommands: number;
}

/**
 * `relayGadgetReport`: any member's phone may relay what a BLE gadget signed. The bytes are parsed
 * as they were signed, the signature checked against the registry's public key (none recorded:
 * accepted, unverified), and only a report newer than the last (by the gadget's `seq`) changes
 * anything; then it is settled exactly as a Wi-Fi gadget's call, with the relaying member recorded.
 * Reads: the device, its identity, the registry entry, the reported state, then what the sync needs.
 */
export async function relayGadgetReport(input: RelayInput): Promise<RelayOutcome> {
  const now = input.now ?? new Date();
  const bytes = Buffer.from(input.report, 'base64');
  const report = parseReport(bytes);
  const deviceRef = collections.devices().doc(input.deviceId);
  const reportedRef = documents.reportedState(input.deviceId);
  return db().runTransaction(async (transaction) => {
    const { device } = requireRole((await transaction.get(deviceRef)).data(), input.uid, [
      'owner',
      'admin',
      'viewer',
    ]);
    const serial = await readSerial(input.deviceId, transaction);
    const entry =
      serial === undefined
        ? undefined
        : (await transaction.get(collections.deviceRegistry().doc(serial))).data();
    const publicKey = entry?.deviceId === input.deviceId ? (entry.publicKey ?? null) : null;
    const verified = publicKey !== null;
    if (publicKey !== null && !verifyGadgetSignature(bytes, input.signature, publicKey)) {
      throw permissionDenied('This report is not signed by this gadget.');
    }
    const reported = (await transaction.get(reportedRef)).data();
    if (reported?.seq != null && report.seq <= reported.seq) {
      return { accepted: false, verified, commands: [], seq: report.seq, finishedCommands: 0 };
    }
    const plan = await planGadgetSync(
      transaction,
      input.deviceId,
      device,
      {
        sync: report.sync,
        acks: report.acks,
        firmware: report.firmware,
        via: 'relay',
        relayedBy: input.uid,
        seq: report.seq,
        verified,
      },
      now,
      { reported },
    );
    // The phone carries the update itself (getFirmwareOffer): no offer here, only the gadget's
    // own account of it.
    const ota = await planGadgetOta(
      transaction,
      input.deviceId,
      device,
      { firmware: report.firmware, ota: report.ota, via: 'relay' },
      now,
      null,
    );
    const firmware = report.firmware === undefined ? undefined : { version: report.firmware };
    // No readings: the telemetry rule's firmware part alone (what `ingest` records too).
    const change = statusChange(device, [], now, firmware);
    if (plan.control !== undefined || Object.keys(change).length > 0) {
      transaction.update(deviceRef, {
        ...change,
        ...(plan.control === undefined ? {} : { control: plan.control }),
      });
    }
    plan.write(transaction);
    ota.write(transaction);
    return {
      accepted: true,
      verified,
      ...plan.downstream,
      seq: report.seq,
      finishedCommands: plan.finishedCommands,
    };
  });
}

/** The signed bytes as JSON of the report's shape; field errors are keyed `report.<field>`. */
function parseReport(bytes: Buffer): GadgetReport {
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw invalidArgument('The report is not valid JSON.', {
      formErrors: [],
      fieldErrors: { report: ['Expected the base64 of a JSON object.'] },
    });
  }
  const parsed = GadgetReportSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  const flat = z.flattenError(parsed.error);
  throw invalidArgument('The report is not valid.', {
    formErrors: [],
    fieldErrors: {
      ...Object.fromEntries(
        Object.entries(flat.fieldErrors).map(([field, errors]) => [`report.${field}`, errors]),
      ),
      ...(flat.formErrors.length > 0 ? { report: flat.formErrors } : {}),
    },
  });
}
