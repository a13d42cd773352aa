import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { DeviceModelIdSchema, LIMITS, PushPlatformSchema, SerialSchema } from '@gadget/shared';

/**
 * The seed as it sits in emulator-data/seed/: plain JSON a person can edit, checked against these
 * schemas (built from the shared ones) before anything is written.
 */

/**
 * A push token as if the user's app had registered it. Seeded tokens reach no phone: local-cloud's
 * outbox captures what is sent to them, so the demo's pushes can be seen at `GET :4400/outbox`.
 */
export const SeedPushTokenSchema = z.strictObject({
  token: z.string().startsWith('demo-', 'A seeded push token starts with demo-: it is no phone'),
  platform: PushPlatformSchema,
});

export const SeedUserSchema = z.strictObject({
  uid: z.string().min(1).max(128),
  email: z.email(),
  password: z.string().min(6),
  displayName: z.string().max(LIMITS.displayNameMaxLength),
  pushTokens: z.array(SeedPushTokenSchema).optional(),
});

/** Claim codes are plaintext here, for the demo only; they are hashed when loaded. */
export const SeedRegistryEntrySchema = z.strictObject({
  serial: SerialSchema,
  model: DeviceModelIdSchema,
  claimCode: z.string().min(4),
});

const WaveSchema = z.strictObject({ base: z.number(), amplitude: z.number().nonnegative() });

export const SeedDeviceSchema = z.strictObject({
  deviceId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  serial: SerialSchema,
  name: z.string().min(1).max(LIMITS.deviceNameMaxLength),
  ownerUid: z.string().min(1),
  /** Readings are generated (a daily wave per metric) rather than listed one by one. */
  readings: z
    .strictObject({
      hours: z
        .number()
        .int()
        .positive()
        .max(24 * 30),
      intervalMinutes: z.number().int().positive(),
      /**
       * The readings stop this long before the seed is loaded: a gadget that has gone quiet, which
       * the watchdog's next run marks offline (with a push) once past its model's offline time.
       */
      silentForMinutes: z.number().int().nonnegative().optional(),
      metrics: z.record(z.string(), WaveSchema),
    })
    .optional(),
});

export const SeedSchema = z
  .object({
    users: z.array(SeedUserSchema),
    registry: z.array(SeedRegistryEntrySchema),
    devices: z.array(SeedDeviceSchema),
  })
  .superRefine((seed, ctx) => {
    const users = new Set(seed.users.map((user) => user.uid));
    const registry = new Map(seed.registry.map((entry) => [entry.serial, entry]));
    seed.devices.forEach((device, index) => {
      if (!users.has(device.ownerUid)) {
        ctx.addIssue({
          code: 'custom',
          path: ['devices', index, 'ownerUid'],
          message: `No seed user ${device.ownerUid}`,
        });
      }
      if (!registry.has(device.serial)) {
        ctx.addIssue({
          code: 'custom',
          path: ['devices', index, 'serial'],
          message: `${device.serial} is not in device-registry.json`,
        });
      }
    });
  });
export type Seed = z.infer<typeof SeedSchema>;

export function readSeed(dir: string): Seed {
  const read = (file: string): unknown => JSON.parse(readFileSync(join(dir, file), 'utf8'));
  const result = SeedSchema.safeParse({
    users: read('users.json'),
    registry: read('device-registry.json'),
    devices: read('devices.json'),
  });
  if (!result.success) {
    throw new Error(`The seed in ${dir} is not valid:\n${z.prettifyError(result.error)}`);
  }
  return result.data;
}
