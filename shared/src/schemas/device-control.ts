import * as z from 'zod';
import { COMMAND_NAMES } from '../device-models.ts';
import { FirmwareVersionSchema } from './telemetry.ts';
import { OtaReportSchema } from './firmware-updates.ts';

/**
 * The downstream channel: settings the app sets and the gadget applies (`state/desired` and
 * `state/reported`, versioned), and commands with a lifecycle (`commands/{commandId}`). The wire
 * shapes the gadget speaks (`sync`, `acks`, the relayed report) are here too, so the backend and
 * the reference gadget check the same contracts.
 */

/** A setting's value: an integer or one of its choices (the model's spec says which). */
export const SettingValueSchema = z.union([z.number(), z.string().max(32)]);
export type SettingValue = z.infer<typeof SettingValueSchema>;

/**
 * Settings by name as a request sends them. Each value is checked against the device's model by
 * the service, which names the setting in its field errors (`values.fanMode`), where zod's
 * flattened errors could name only `values`.
 */
export const SettingValuesSchema = z
  .record(z.string().regex(/^[A-Za-z][A-Za-z0-9]{0,39}$/, 'Expected a setting name'), z.unknown())
  .refine((values) => Object.keys(values).length <= 20, { error: 'At most 20 settings' });
export type SettingValues = z.infer<typeof SettingValuesSchema>;

/** A desired version: 0 before anything was ever set (the gadget runs its model's defaults). */
export const DesiredVersionSchema = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

/** Where a desired value came from: a member's app, or the gadget itself (adopted from `changed`). */
export const SettingSourceSchema = z.enum(['app', 'gadget']);
export type SettingSource = z.infer<typeof SettingSourceSchema>;

/** How a gadget last synced: its own `ingest` call, or a report a member's phone relayed. */
export const SyncViaSchema = z.enum(['wifi', 'relay']);
export type SyncVia = z.infer<typeof SyncViaSchema>;

/** `devices/{id}/state/desired`: what the gadget should run. Server-written; members read it. */
export const DesiredStateSchema = z.object({
  /** Bumped by every change; the gadget echoes the newest it knows and the newest it applied. */
  version: DesiredVersionSchema,
  values: z.record(z.string(), SettingValueSchema),
  /** Per setting: the version that last changed it, who (a uid, or `gadget`), when and from where. */
  keys: z.record(
    z.string(),
    z.object({
      version: DesiredVersionSchema,
      setBy: z.string(),
      setAt: z.date(),
      via: SettingSourceSchema,
    }),
  ),
  updatedAt: z.date(),
});
export type DesiredState = z.infer<typeof DesiredStateSchema>;

/** `devices/{id}/state/reported`: what the gadget says it runs. Server-written; members read it. */
export const ReportedStateSchema = z.object({
  /** The gadget's own sequence number (relayed reports; null for Wi-Fi gadgets, which have none). */
  seq: z.number().int().nonnegative().nullable(),
  /** The settings the gadget runs, as far as its reports tell. */
  values: z.record(z.string(), SettingValueSchema),
  appliedDesiredVersion: DesiredVersionSchema,
  /** Settings the gadget refused to apply, with its reason. */
  refused: z.record(z.string(), z.string()),
  firmware: FirmwareVersionSchema.nullable(),
  via: SyncViaSchema,
  /** The member whose phone relayed the last report (null over Wi-Fi). */
  relayedBy: z.string().nullable(),
  /**
   * Whether the last report is known to come from the gadget: sent with its device key (Wi-Fi), or
   * signed by the key the registry holds (relayed). A gadget provisioned before keys existed is
   * accepted unverified when relayed; such reports never count where trust matters.
   */
  verified: z.boolean(),
  reportedAt: z.date(),
});
export type ReportedState = z.infer<typeof ReportedStateSchema>;

/**
 * `control` on `devices/{id}`: the channel's summary, small enough for a device list, and what
 * `ingest` decides from without another read (is a newer desired version or a command waiting,
 * how soon should the gadget call again).
 */
export const DeviceControlSchema = z.object({
  desiredVersion: DesiredVersionSchema,
  appliedVersion: DesiredVersionSchema,
  /** Settings set in the app that the gadget has not applied yet. */
  pendingKeys: z.array(z.string()),
  /** Settings the gadget refused, with its reason (shown on the device until set again). */
  refusedKeys: z.record(z.string(), z.string()),
  lastSyncAt: z.date().nullable(),
  syncedVia: SyncViaSchema.nullable(),
  /** Commands queued or sent and not yet finished. */
  pendingCommands: z.number().int().nonnegative(),
  /** The desired report interval (null: the model's default), for `nextPollSeconds`. */
  reportIntervalSeconds: z.number().int().positive().nullable(),
  /** Until when a member has the device's screen open (`watchDevice`): the gadget polls fast. */
  watchUntil: z.date().nullable(),
});
export type DeviceControl = z.infer<typeof DeviceControlSchema>;

export const CommandStatusSchema = z.enum([
  'queued',
  'sent',
  'succeeded',
  'failed',
  'rejected',
  'timed-out',
  'expired',
  'cancelled',
]);
export type CommandStatus = z.infer<typeof CommandStatusSchema>;

/** The statuses a command never leaves: all but `queued` and `sent`. */
export const FINAL_COMMAND_STATUSES: readonly CommandStatus[] = CommandStatusSchema.exclude([
  'queued',
  'sent',
]).options;

/** The final statuses that tell the member who sent the command (inbox and push). */
export const UNSUCCESSFUL_COMMAND_STATUSES: readonly CommandStatus[] = CommandStatusSchema.exclude([
  'queued',
  'sent',
  'succeeded',
  'cancelled',
]).options;

export const CommandNameSchema = z.enum(COMMAND_NAMES as [string, ...string[]]);

/** A command's parameters or a gadget's result: a few flat values. */
export const CommandValuesSchema = z
  .record(
    z.string().regex(/^[A-Za-z][A-Za-z0-9]{0,39}$/, 'Expected a name'),
    z.union([z.number(), z.string().max(200), z.boolean()]),
  )
  .refine((values) => Object.keys(values).length <= 10, { error: 'At most 10 values' });
export type CommandValues = z.infer<typeof CommandValuesSchema>;

/** `devices/{id}/commands/{commandId}`. Server-written; members read them. */
export const CommandDocSchema = z.object({
  command: z.string(),
  params: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])),
  status: CommandStatusSchema,
  createdBy: z.string(),
  createdAt: z.date(),
  /** After this a queued command expires and a sent one times out. */
  expiresAt: z.date(),
  sentAt: z.date().nullable(),
  finishedAt: z.date().nullable(),
  /** What the gadget answered with its acknowledgement. */
  result: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])).nullable(),
  idempotencyKey: z.string().nullable(),
  /** For the TTL policy: 30 days after `expiresAt`. */
  expireAt: z.date(),
});
export type CommandDoc = z.infer<typeof CommandDocSchema>;

/** A command id: a Firestore auto-id, or the hash an idempotency key maps to. */
export const CommandIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'Expected a command id');

/** `sync` in a gadget's request: which desired version it knows and applied, and local changes. */
export const GadgetSyncSchema = z.strictObject({
  /** The newest desired version the gadget has received. */
  knownDesiredVersion: DesiredVersionSchema,
  /** The newest desired version the gadget has applied. */
  appliedDesiredVersion: DesiredVersionSchema,
  /** Settings changed on the gadget itself (its buttons), made while running `appliedDesiredVersion`. */
  changed: SettingValuesSchema.optional(),
  /**
   * Settings the gadget could not apply, with a short reason: its whole list, which replaces the
   * one it sent before (`{}` clears it; left out, the last list stands).
   */
  refused: z
    .record(z.string().max(40), z.string().max(200))
    .refine((values) => Object.keys(values).length <= 20, { error: 'At most 20 settings' })
    .optional(),
});
export type GadgetSync = z.infer<typeof GadgetSyncSchema>;

/** A gadget's answer to a command: the final status and an optional small result. */
export const CommandAckSchema = z.strictObject({
  commandId: CommandIdSchema,
  status: z.enum(['succeeded', 'failed', 'rejected']),
  result: CommandValuesSchema.optional(),
});
export type CommandAck = z.infer<typeof CommandAckSchema>;

export const CommandAcksSchema = z.array(CommandAckSchema).max(20);

/** What the backend tells a gadget (ingest's response, relayGadgetReport's). */
export const DesiredDeltaSchema = z.object({
  version: DesiredVersionSchema,
  /** Every desired setting: a gadget applies them all and records `version` as applied. */
  values: z.record(z.string(), SettingValueSchema),
});
export type DesiredDelta = z.infer<typeof DesiredDeltaSchema>;

export const PendingCommandSchema = z.object({
  commandId: CommandIdSchema,
  command: z.string(),
  params: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])),
  expiresAt: z.iso.datetime(),
});
export type PendingCommand = z.infer<typeof PendingCommandSchema>;

export const DownstreamSchema = z.object({
  /** Present only when newer than the gadget's `knownDesiredVersion`. */
  desired: DesiredDeltaSchema.optional(),
  /**
   * Commands not yet acknowledged, oldest first. A command is sent again on every call until the
   * gadget acknowledges it, so a lost response loses nothing: the gadget runs each id once.
   */
  commands: z.array(PendingCommandSchema),
});
export type Downstream = z.infer<typeof DownstreamSchema>;

/**
 * A BLE gadget's report, as the JSON bytes it signs and a member's app relays
 * (`relayGadgetReport`). `seq` rises with every report the gadget makes.
 */
export const GadgetReportSchema = z.strictObject({
  seq: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  sync: GadgetSyncSchema.optional(),
  acks: CommandAcksSchema.optional(),
  firmware: FirmwareVersionSchema.optional(),
  /** Where the gadget is with the update its phone carries (as `ingest`'s `ota`). */
  ota: OtaReportSchema.optional(),
});
export type GadgetReport = z.infer<typeof GadgetReportSchema>;
