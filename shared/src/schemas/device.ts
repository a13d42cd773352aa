import * as z from 'zod';
import { LIMITS } from '../limits.ts';
import { DeviceModelIdSchema } from '../device-models.ts';
import {
  AlertStateSchema,
  FirmwareStatusSchema,
  MetricAggregatesSchema,
  StatusTransitionSchema,
} from './telemetry.ts';
import { DeviceControlSchema } from './device-control.ts';
import { UpdatePolicySchema } from './firmware-updates.ts';

export const RoleSchema = z.enum(['owner', 'admin', 'viewer']);
export type Role = z.infer<typeof RoleSchema>;

export const SerialSchema = z
  .string()
  .regex(/^[A-Z0-9-]{4,32}$/, 'Expected a serial such as GDG-1234');

/** `deviceRegistry/{serial}`: written by provisioning; read and updated by functions only. */
export const RegistryEntrySchema = z.object({
  model: DeviceModelIdSchema,
  /** HMAC-SHA256 of the normalised claim code, keyed with the CLAIM_CODE_SECRET param. */
  claimSecretHash: z.string().regex(/^[0-9a-f]{64}$/),
  deviceKeyHash: z.string().nullable(),
  /**
   * Who rotated the current key: it works only while they hold owner or admin on the device.
   * Absent on keys rotated before this was recorded.
   */
  deviceKeyRotatedBy: z.string().nullable().optional(),
  claimedBy: z.string().nullable(),
  deviceId: z.string().nullable(),
  /** Unused since locks became per account (`rateLimits/serial-lock:{serial}:{uid}`); kept at 0/null. */
  failedAttempts: z.number().int().nonnegative(),
  lockedUntil: z.date().nullable(),
  provisionedAt: z.date(),
  /**
   * The gadget's Ed25519 public key (the raw 32 bytes, base64), made at provisioning; the private
   * key is in the gadget. Verifies the reports a member's phone relays. Absent or null on gadgets
   * provisioned before keys were: their relayed reports are kept but marked unverified.
   */
  publicKey: z
    .string()
    .regex(/^[A-Za-z0-9+/]{43}=$/, 'Expected a base64 Ed25519 public key')
    .nullable()
    .optional(),
});
export type RegistryEntry = z.infer<typeof RegistryEntrySchema>;

export const MetricValuesSchema = z.record(z.string(), z.number());

/** A metric's alert thresholds; `hysteresis` is how far back inside a value must come to clear. */
export const ThresholdSchema = z.object({
  min: z.number().optional(),
  max: z.number().optional(),
  hysteresis: z.number().nonnegative().optional(),
});
export type Threshold = z.infer<typeof ThresholdSchema>;

/**
 * `devices/{deviceId}/private/identity`: what only the device's owner and admins may read. Rules
 * cannot hide one field of a document from a reader, so the serial (with the label's claim code,
 * what claiming takes) lives here and not on the device, which every member reads. Written with the
 * device, in the claim's transaction, and deleted with it.
 */
export const DeviceIdentitySchema = z.object({
  serial: SerialSchema,
});
export type DeviceIdentity = z.infer<typeof DeviceIdentitySchema>;

/**
 * `devices/{id}/private/key`: the SHA-256 of the gadget's current device key and who rotated it,
 * server-only. One read checks a gadget's request; removal of the rotator deletes it, and a
 * release deletes it with the device. (Keys rotated before it existed are in the registry entry
 * and move here on their first use.)
 */
export const DeviceKeySchema = z.object({
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  /** Null for a key rotated before rotators were recorded. */
  rotatedBy: z.string().nullable(),
  rotatedAt: z.date(),
  /** The device's `keyTag` for this key; absent on keys rotated before tags. */
  tag: z.string().optional(),
});
export type DeviceKey = z.infer<typeof DeviceKeySchema>;

/**
 * `ingestWindow` and `submitWindow` on a device: its `ingest` requests, or the app's
 * `submitReadings` calls, in the current minute, counted on the device document the request writes
 * anyway, so the per-device limits cost no operation of their own.
 */
export const RequestWindowSchema = z.object({
  start: z.date(),
  count: z.number().int().nonnegative(),
});
export type RequestWindow = z.infer<typeof RequestWindowSchema>;

/**
 * `devices/{deviceId}`, readable by every member. `memberUids` mirrors the keys of `members` for
 * array-contains queries; `memberSince` records when each member joined (ownership passes to the
 * longest-standing admin). The serial is not here but in the identity document.
 */
export const DeviceSchema = z.object({
  model: DeviceModelIdSchema,
  name: z.string().min(1).max(LIMITS.deviceNameMaxLength),
  ownerUid: z.string(),
  members: z.record(z.string(), RoleSchema),
  memberUids: z.array(z.string()),
  memberSince: z.record(z.string(), z.date()),
  thresholds: z.record(z.string(), ThresholdSchema),
  /** Per-device notification toggle: true silences pushes about this device for everyone. */
  muted: z.boolean(),
  status: z.object({
    online: z.boolean(),
    lastSeenAt: z.date().nullable(),
    battery: z.number().nullable(),
    /** Reported by the gadget itself (`ingest`); null until it first does. */
    firmware: FirmwareStatusSchema.nullable(),
  }),
  latest: z.object({ ts: z.date(), values: MetricValuesSchema }).nullable(),
  createdAt: z.date(),
  /** Written by telemetry; absent until the first reading is evaluated. */
  alertState: AlertStateSchema.optional(),
  /** Written by telemetry and the watchdog; absent until the first online/offline change. */
  lastTransition: StatusTransitionSchema.optional(),
  /**
   * Per UTC hour (`yyyy-MM-ddTHH`) a reading may still land in, that hour's aggregates: the
   * submission writes the device anyway, so keeping them here costs no write, and a `1h` or `1d`
   * chart gets the last week from the membership read. Nightly maintenance moves closed days into
   * `days/{yyyy-MM-dd}`. Absent until the first reading.
   */
  recentHours: z.record(z.string(), MetricAggregatesSchema).optional(),
  /** The oldest hour in `recentHours` (null when empty), for maintenance's query. */
  recentSince: z.date().nullable().optional(),
  /**
   * The settings and commands channel's summary (versions, pending keys and commands, last sync,
   * watch). Absent until a setting or command is first sent or the gadget first syncs.
   */
  control: DeviceControlSchema.optional(),
  /** How the household takes firmware updates (`updateDevice`); absent means `auto`. */
  updatePolicy: UpdatePolicySchema.optional(),
  /** The per-device `ingest` limit's window; absent until the gadget first calls. */
  ingestWindow: RequestWindowSchema.optional(),
  /** The per-device `submitReadings` limit's window, the same way; absent until the app submits. */
  submitWindow: RequestWindowSchema.optional(),
  /**
   * A random tag every key rotation replaces, and the rotator's removal clears: `ingest` trusts a
   * key it checked before only while the device it reads carries the same tag. Says nothing about
   * the key itself. Absent before the first rotation with tags.
   */
  keyTag: z.string().optional(),
});
export type Device = z.infer<typeof DeviceSchema>;

/** `invites/{hmac(code)}`: single use, expires; the code itself is never stored. */
export const InviteSchema = z.object({
  deviceId: z.string(),
  role: z.enum(['admin', 'viewer']),
  createdBy: z.string(),
  createdAt: z.date(),
  expiresAt: z.date(),
  usedBy: z.string().nullable(),
  usedAt: z.date().nullable(),
  /** For the TTL policy: when the invite may be deleted. */
  expireAt: z.date(),
});
export type Invite = z.infer<typeof InviteSchema>;
