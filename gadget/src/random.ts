/**
 * A small seeded generator (mulberry32): tests and fleets that pass one get the same gadget twice.
 * Not for anything secret.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A generator of its own, seeded from `random`: the sensors draw from one, so their values depend
 * on the seed alone, not on how many retries and faults the network drew from the other.
 */
export function forkRandom(random: () => number): () => number {
  return seededRandom(Math.floor(random() * 4294967296));
}

/** A normally distributed number (Box–Muller), mean 0 and standard deviation 1. */
export function gaussian(random: () => number): number {
  // 1 - random() is in (0, 1], so the logarithm is finite.
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}
