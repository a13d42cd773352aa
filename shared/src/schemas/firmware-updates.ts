import * as z from 'zod';
import { DeviceModelIdSchema } from '../device-models.ts';
import { FirmwareVersionSchema } from './telemetry.ts';

/**
 * Firmware updates: signed releases (`models/{model}/releases/{version}`), staged rollouts
 * (`rollouts/{id}`, summarised on `models/{model}.rollout`), and each gadget's progress
 * (`devices/{id}/ota/current`). The wire shapes a gadget speaks (`ota` up, `firmware` down) are
 * here too, so the backend and the reference gadget check the same contracts.
 */

/** Lowercase hex SHA-256 of an image. */
export const Sha256HexSchema = z
  .string()
  .regex(/^[0-9a-f]{64}$/, 'Expected a lowercase hex SHA-256');

/** A base64 Ed25519 signature (64 bytes). */
export const Ed25519SignatureSchema = z
  .string()
  .length(88)
  .regex(/^[A-Za-z0-9+/]{86}==$/, 'Expected a base64 Ed25519 signature');

export const RolloutIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'Expected a rollout id');

/** What a gadget reports of an update (`ota.state`): each a step it took, or how it ended. */
export const OtaReportStateSchema = z.enum([
  'downloading',
  'downloaded',
  'installing',
  'succeeded',
  'failed',
  'rolled-back',
]);
export type OtaReportState = z.infer<typeof OtaReportStateSchema>;

/**
 * `ota/current.state`. Besides the gadget's own steps: `awaiting-approval` (an ask-first
 * household has not approved yet), `offered` (told, not started) and `withdrawn` (the rollout was
 * aborted or the release revoked before the gadget started installing).
 */
export const OtaStateSchema = z.enum([
  'awaiting-approval',
  'offered',
  ...OtaReportStateSchema.options,
  'withdrawn',
]);
export type OtaState = z.infer<typeof OtaStateSchema>;

/** States an update ends in; a new rollout may start over from any of them. */
export const FINAL_OTA_STATES: readonly OtaState[] = [
  'succeeded',
  'failed',
  'rolled-back',
  'withdrawn',
];
/** States that count as an attempt for a rollout's gates: the gadget started. */
export const ATTEMPTED_OTA_STATES: readonly OtaState[] = OtaReportStateSchema.options;
/** States that count as failures for a rollout's gates. */
export const FAILED_OTA_STATES: readonly OtaState[] = ['failed', 'rolled-back'];

/** A gadget's update report, in `ingest`'s request and in a relayed BLE report. */
export const OtaReportSchema = z.strictObject({
  rolloutId: RolloutIdSchema,
  version: FirmwareVersionSchema,
  state: OtaReportStateSchema,
  /** Percent of the image downloaded or written. */
  progress: z.number().int().min(0).max(100).optional(),
  /** Why it failed or rolled back, in the gadget's words. */
  error: z.string().max(200).optional(),
});
export type OtaReport = z.infer<typeof OtaReportSchema>;

/**
 * An update offered to a gadget (`ingest`'s `firmware`). The gadget downloads `url` (HTTP Range,
 * resumable, with its own `Authorization: Device` header), checks `size` and `sha256`, and checks
 * `signature` against the public key built into its firmware over the manifest
 * (`firmwareManifestBytes` of model, version, size, sha256, minFromVersion, antiRollback and
 * deltaFrom), and refuses an `antiRollback` lower than its own.
 */
export const FirmwareOfferSchema = z.object({
  version: FirmwareVersionSchema,
  url: z.url(),
  size: z.number().int().positive(),
  sha256: Sha256HexSchema,
  signature: Ed25519SignatureSchema,
  rolloutId: RolloutIdSchema,
  minFromVersion: FirmwareVersionSchema,
  antiRollback: z.number().int().nonnegative(),
  /** Set when the image is a delta that applies only on this version; null for a whole image. */
  deltaFrom: FirmwareVersionSchema.nullable(),
});
export type FirmwareOffer = z.infer<typeof FirmwareOfferSchema>;

/** One downloadable image of a release: the whole image, or a delta from an older version. */
export const ReleaseImageSchema = z.object({
  storagePath: z.string(),
  size: z.number().int().positive(),
  sha256: Sha256HexSchema,
  signature: Ed25519SignatureSchema,
});
export type ReleaseImage = z.infer<typeof ReleaseImageSchema>;

/** `models/{model}/releases/{version}`: written by `npm run firmware:release`. */
export const FirmwareReleaseSchema = ReleaseImageSchema.extend({
  model: DeviceModelIdSchema,
  version: FirmwareVersionSchema,
  /** The oldest version that may install this one. */
  minFromVersion: FirmwareVersionSchema,
  /** Never lower than an earlier release's: a gadget refuses an image below its own counter. */
  antiRollback: z.number().int().nonnegative(),
  /** Release notes by language tag (`en`, `de`, …). */
  notes: z.record(z.string(), z.string().max(2000)),
  delta: ReleaseImageSchema.extend({ fromVersion: FirmwareVersionSchema }).nullable(),
  releasedAt: z.date(),
  revokedAt: z.date().nullable(),
});
export type FirmwareRelease = z.infer<typeof FirmwareReleaseSchema>;

export const RolloutStateSchema = z.enum(['active', 'paused', 'aborted']);
export type RolloutState = z.infer<typeof RolloutStateSchema>;

/** When a rollout stops itself: checked by the evaluator over the rollout's gadgets. */
export const RolloutGatesSchema = z.object({
  /** Pause when more than this percent of attempts failed or rolled back… */
  maxFailurePercent: z.number().min(0).max(100),
  /** …once at least this many gadgets attempted the update. */
  minAttempts: z.number().int().positive(),
  /** Pause when more than this percent of attempts went silent after installing… */
  maxSilentPercent: z.number().min(0).max(100),
  /** …silent meaning no confirmation this many hours after `installing`. */
  silentHours: z.number().positive(),
  /** How long a stage runs with the gates holding before the next one starts. */
  soakHours: z.number().nonnegative(),
});
export type RolloutGates = z.infer<typeof RolloutGatesSchema>;

/** What the evaluator counted on its last run (aggregation queries over `ota`). */
export const RolloutCountsSchema = z.object({
  at: z.date(),
  /** Gadgets offered the update in this rollout, whatever their state. */
  offered: z.number().int().nonnegative(),
  attempts: z.number().int().nonnegative(),
  succeeded: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  silent: z.number().int().nonnegative(),
});
export type RolloutCounts = z.infer<typeof RolloutCountsSchema>;

/** `rollouts/{id}`: written by `npm run firmware:rollout`, the evaluator and the console. */
export const RolloutSchema = z.object({
  model: DeviceModelIdSchema,
  version: FirmwareVersionSchema,
  /** Percent of the model's gadgets per stage, strictly rising, the last at most 100. */
  stages: z.array(z.number().min(0.01).max(100)).min(1),
  stageIndex: z.number().int().nonnegative(),
  stageStartedAt: z.date(),
  state: RolloutStateSchema,
  gates: RolloutGatesSchema,
  /** Why it is paused or aborted, and who did it (an operator, a gate, a revocation). */
  reason: z.string().nullable(),
  stoppedBy: z.enum(['operator', 'gate', 'revocation']).nullable(),
  counts: RolloutCountsSchema.nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type Rollout = z.infer<typeof RolloutSchema>;

/**
 * `models/{model}.rollout`: the model's active or paused rollout with what an offer needs, kept by
 * the `onRolloutWritten` trigger from the rollout and its release. Ingest reads it from a cache at
 * most a minute old, so a model without one costs ingest nothing.
 */
export const ModelRolloutSchema = z.object({
  id: RolloutIdSchema,
  version: FirmwareVersionSchema,
  state: z.enum(['active', 'paused']),
  /** The current stage's percent. */
  percent: z.number().min(0).max(100),
  minFromVersion: FirmwareVersionSchema,
  antiRollback: z.number().int().nonnegative(),
  image: ReleaseImageSchema,
  delta: ReleaseImageSchema.extend({ fromVersion: FirmwareVersionSchema }).nullable(),
});
export type ModelRollout = z.infer<typeof ModelRolloutSchema>;

/**
 * `models/{model}`: the newest release (`npm run firmware:release`) and the rollout summary (the
 * `onRolloutWritten` trigger). Every field is absent until its writer first runs.
 */
export const ModelDocSchema = z.object({
  latestFirmware: FirmwareVersionSchema.optional(),
  releasedAt: z.date().optional(),
  rollout: ModelRolloutSchema.nullable().optional(),
  /**
   * Set by `firmware:rollout create`: every release, revocation and rollout creation writes this
   * document, so any two of them for one model conflict and are serialised.
   */
  rolloutCreatedAt: z.date().optional(),
});
export type ModelDoc = z.infer<typeof ModelDocSchema>;

/** Whether a household installs updates as they come, or is asked first (per device). */
export const UpdatePolicySchema = z.enum(['auto', 'ask']);
export type UpdatePolicy = z.infer<typeof UpdatePolicySchema>;

/** Who moves a BLE gadget's update: one phone at a time, until `expiresAt`. */
export const OtaLeaseSchema = z.object({ uid: z.string(), expiresAt: z.date() });
export type OtaLease = z.infer<typeof OtaLeaseSchema>;

/** `devices/{id}/ota/current`: a gadget's update. Server-written; members read it. */
export const OtaDocSchema = z.object({
  state: OtaStateSchema,
  version: FirmwareVersionSchema,
  rolloutId: RolloutIdSchema,
  /** Copied from the device, for the evaluator's per-model queries. */
  model: DeviceModelIdSchema,
  /** The version the gadget ran when it was offered this one. */
  fromVersion: FirmwareVersionSchema.nullable(),
  progress: z.number().int().min(0).max(100).nullable(),
  error: z.string().nullable(),
  /** Versions that failed or rolled back on this gadget: never offered to it again. */
  failedVersions: z.array(FirmwareVersionSchema),
  lease: OtaLeaseSchema.nullable(),
  /** The owner or admin who approved an ask-first update, or null. */
  approvedBy: z.string().nullable(),
  via: z.enum(['wifi', 'relay']).nullable(),
  stateChangedAt: z.date(),
  updatedAt: z.date(),
});
export type OtaDoc = z.infer<typeof OtaDocSchema>;
