import * as z from 'zod';
import { defineContract } from '../contract.ts';
import { DeviceIdSchema } from '../schemas/device-requests.ts';

/** How long one `watchDevice` call keeps a gadget polling fast, and how fast. */
export const WATCH = { seconds: 120, pollSeconds: 5 } as const;

export const WatchDeviceRequestSchema = z.strictObject({ deviceId: DeviceIdSchema });
export type WatchDeviceRequest = z.input<typeof WatchDeviceRequestSchema>;

export const WatchDeviceResponseSchema = z.object({
  /** Until when the gadget polls every `pollSeconds`; call again before then to keep it so. */
  watchUntil: z.iso.datetime(),
  pollSeconds: z.number().int().positive(),
});
export type WatchDeviceResponse = z.infer<typeof WatchDeviceResponseSchema>;

export const watchDeviceContract = defineContract({
  name: 'watchDevice',
  summary:
    'The app calls it when a device’s screen opens, and every minute while it stays open: for two minutes a Wi-Fi gadget polls every few seconds, so settings and commands reach it at once.',
  caller: 'device-member',
  request: WatchDeviceRequestSchema,
  response: WatchDeviceResponseSchema,
  errors: { 'resource-exhausted': 'too many calls from this user; try again in a minute' },
});
