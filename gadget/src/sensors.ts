import { BATTERY_LOW_RULE, metricsOf } from '@gadget/shared';
import type { DeviceModelId, MetricSpec } from '@gadget/shared';
import { gaussian } from './random.ts';

/**
 * How a metric behaves in a room: the level it drifts around, how far it wanders (the drift's
 * standard deviation), how noisy one sample is, and how many decimals the gadget reports.
 */
interface Behaviour {
  readonly level: number;
  readonly wander: number;
  readonly noise: number;
  readonly decimals: number;
}

const ROOM: Readonly<Record<string, Behaviour>> = {
  temperature: { level: 21, wander: 2, noise: 0.1, decimals: 1 },
  humidity: { level: 45, wander: 8, noise: 0.5, decimals: 1 },
  co2: { level: 650, wander: 200, noise: 15, decimals: 0 },
  pm25: { level: 8, wander: 5, noise: 1, decimals: 1 },
};

/** The battery does not drift: it drains, and is reported in whole percent. */
const BATTERY = BATTERY_LOW_RULE.metric;
/** About 50 days from full to empty at a sample a minute. */
const BATTERY_DRAIN_PER_SAMPLE = 100 / (50 * 24 * 60);
/** How fast a drift returns to its level: it forgets where it was in about an hour of samples. */
const REVERSION_PER_SAMPLE = 1 / 60;

interface Sensor {
  readonly metric: string;
  readonly spec: MetricSpec;
  readonly behaviour: Behaviour;
  /** The true value, before noise and calibration. */
  value: number;
  /** What the last calibration adds to each sample. */
  offset: number;
}

/**
 * The gadget's sensors: each metric of its model drifts slowly around a plausible level (a
 * mean-reverting random walk) with a little noise per sample, always within the model's range; the
 * battery drains slowly from 80–100 %. Deterministic for a given `random`.
 */
export class Sensors {
  readonly #sensors: readonly Sensor[];
  readonly #random: () => number;

  constructor(model: DeviceModelId, random: () => number) {
    this.#random = random;
    this.#sensors = Object.entries(metricsOf(model)).map(([metric, spec]) => {
      const behaviour = behaviourOf(metric, spec);
      const start =
        metric === BATTERY
          ? spec.max - 20 * random()
          : behaviour.level + 0.5 * behaviour.wander * gaussian(random);
      return { metric, spec, behaviour, value: clamp(start, spec), offset: 0 };
    });
  }

  /** One sample of every metric, as the gadget reports it: rounded, within the model's range. */
  sample(): Record<string, number> {
    const values: Record<string, number> = {};
    for (const sensor of this.#sensors) {
      sensor.value = clamp(this.#next(sensor), sensor.spec);
      const noise = sensor.metric === BATTERY ? 0 : sensor.behaviour.noise * gaussian(this.#random);
      const measured = sensor.value + noise + sensor.offset;
      values[sensor.metric] = clamp(round(measured, sensor.behaviour.decimals), sensor.spec);
    }
    return values;
  }

  /**
   * Recalibrates `metric` against the room: a correction of up to twice its noise either way,
   * which later samples carry. Returns the offset, as the `calibrate` command's result reports it.
   */
  calibrate(metric: string): number {
    const sensor = this.#sensors.find((candidate) => candidate.metric === metric);
    if (sensor === undefined) throw new RangeError(`No ${metric} sensor on this gadget`);
    sensor.offset = round((this.#random() - 0.5) * 4 * sensor.behaviour.noise, 2);
    return sensor.offset;
  }

  #next({ metric, behaviour, value }: Sensor): number {
    if (metric === BATTERY) return value - BATTERY_DRAIN_PER_SAMPLE;
    // An Ornstein–Uhlenbeck step, whose spread settles at `wander` around `level`.
    const pull = (behaviour.level - value) * REVERSION_PER_SAMPLE;
    const kick = behaviour.wander * Math.sqrt(2 * REVERSION_PER_SAMPLE) * gaussian(this.#random);
    return value + pull + kick;
  }
}

/** A metric the table does not know drifts around the middle of its range. */
function behaviourOf(metric: string, spec: MetricSpec): Behaviour {
  if (metric === BATTERY) return { level: spec.max, wander: 0, noise: 0, decimals: 0 };
  const known = Object.hasOwn(ROOM, metric) ? ROOM[metric] : undefined;
  const span = spec.max - spec.min;
  return known ?? { level: spec.min + span / 2, wander: span / 20, noise: span / 500, decimals: 1 };
}

function clamp(value: number, spec: MetricSpec): number {
  return Math.min(spec.max, Math.max(spec.min, value));
}

function round(value: number, decimals: number): number {
  const scale = 10 ** decimals;
  return Math.round(value * scale) / scale;
}
