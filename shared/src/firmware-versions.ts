/**
 * `1.10.0` is newer than `1.9.2`: versions compare part by part as numbers. Shared because both
 * sides decide by it: the backend what a gadget's firmware understands, the gadget what it can run.
 */
export function compareVersions(a: string, b: string): number {
  const left = a.split('.').map(Number);
  const right = b.split('.').map(Number);
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const difference = (left[i] ?? 0) - (right[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

/** Whether `firmware` has what a setting or command needs (its model's `minFirmware`). */
export function firmwareSupports(firmware: string, minFirmware: string): boolean {
  return compareVersions(firmware, minFirmware) >= 0;
}
