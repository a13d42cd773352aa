import * as z from 'zod';
import { defineContract } from '../contract.ts';
import { DeviceIdSchema } from '../schemas/device-requests.ts';
import { DownstreamSchema } from '../schemas/device-control.ts';

/** A relayed report's JSON, before base64: far more than a report of 20 acks needs. */
export const RELAYED_REPORT_MAX_BYTES = 8 * 1024;

const base64 = /^[A-Za-z0-9+/]*={0,2}$/;

export const RelayGadgetReportRequestSchema = z.strictObject({
  deviceId: DeviceIdSchema,
  /**
   * The base64 of the exact JSON bytes the gadget signed: `{seq, sync?, acks?, firmware?, ota?}`
   * (`GadgetReportSchema`). Relayed as they are, so no canonical form is needed.
   */
  report: z
    .string()
    .min(4)
    .max(Math.ceil(RELAYED_REPORT_MAX_BYTES / 3) * 4)
    .regex(base64, 'Expected base64'),
  /** The base64 Ed25519 signature over those bytes, by the gadget's key (64 bytes). */
  signature: z.string().length(88).regex(base64, 'Expected base64'),
});
export type RelayGadgetReportRequest = z.input<typeof RelayGadgetReportRequestSchema>;

export const RelayGadgetReportResponseSchema = DownstreamSchema.extend({
  /**
   * False when the report's `seq` is not newer than one already received (a retry, or another
   * phone relayed it first): nothing was changed, and `desired` and `commands` are empty.
   */
  accepted: z.boolean(),
  /** False for a gadget whose registry entry has no public key: accepted, but not trusted. */
  verified: z.boolean(),
});
export type RelayGadgetReportResponse = z.infer<typeof RelayGadgetReportResponseSchema>;

export const relayGadgetReportContract = defineContract({
  name: 'relayGadgetReport',
  summary:
    'A member’s app relays a BLE gadget’s signed report (settings applied, command answers, firmware) and gets what to hand the gadget back.',
  caller: 'device-member',
  request: RelayGadgetReportRequestSchema,
  response: RelayGadgetReportResponseSchema,
  errors: {
    'invalid-argument':
      'the report is not valid JSON of the report’s shape (`details.fieldErrors["report.<field>"]`)',
    'permission-denied': 'the signature does not verify with the gadget’s public key',
  },
});
