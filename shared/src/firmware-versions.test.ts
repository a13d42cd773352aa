import { describe, expect, it } from 'vitest';
import { compareVersions, firmwareSupports } from './firmware-versions.ts';

describe('compareVersions', () => {
  it('compares part by part as numbers, not as text', () => {
    expect(compareVersions('1.10.0', '1.9.2')).toBeGreaterThan(0);
    expect(compareVersions('1.2.0', '1.10.0')).toBeLessThan(0);
    expect(compareVersions('2.0.0', '10.0.0')).toBeLessThan(0);
    expect(compareVersions('1.2.0', '1.2.0')).toBe(0);
  });
});

describe('firmwareSupports', () => {
  it('holds from the minimum version on, compared as numbers', () => {
    expect(firmwareSupports('1.2.0', '1.2.0')).toBe(true);
    expect(firmwareSupports('1.10.0', '1.2.0')).toBe(true);
    expect(firmwareSupports('1.1.9', '1.2.0')).toBe(false);
  });
});
