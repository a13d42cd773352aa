import * as z from 'zod';

/** A metric a gadget model reports, with the range a real reading can take. */
export interface MetricSpec {
  readonly unit: string;
  readonly min: number;
  readonly max: number;
}

const temperature = { unit: '°C', min: -40, max: 125 } as const satisfies MetricSpec;
const humidity = { unit: '%', min: 0, max: 100 } as const satisfies MetricSpec;
const battery = { unit: '%', min: 0, max: 100 } as const satisfies MetricSpec;

/** The gadget models this backend knows. A reading with a metric its model lacks is rejected. */
export const DEVICE_MODELS = {
  'thermo-1': {
    defaultName: 'Thermometer',
    metrics: { temperature, humidity, battery },
    offlineAfterMinutes: 15,
  },
  'air-1': {
    defaultName: 'Air monitor',
    metrics: {
      temperature,
      humidity,
      battery,
      co2: { unit: 'ppm', min: 0, max: 10_000 },
      pm25: { unit: 'µg/m³', min: 0, max: 1_000 },
    },
    offlineAfterMinutes: 15,
  },
} as const satisfies Record<
  string,
  {
    /** A claimed device's name until its owner gives one (never the serial: viewers read names). */
    defaultName: string;
    metrics: Record<string, MetricSpec>;
    offlineAfterMinutes: number;
  }
>;

export type DeviceModelId = keyof typeof DEVICE_MODELS;
export const DeviceModelIdSchema = z.enum(
  Object.keys(DEVICE_MODELS) as [DeviceModelId, ...DeviceModelId[]],
);

export function metricsOf(model: DeviceModelId): Readonly<Record<string, MetricSpec>> {
  return DEVICE_MODELS[model].metrics;
}
