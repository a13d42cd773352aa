import { describe, expect, it } from 'vitest';
import { RError, RLatLng } from '../values.ts';
import { callFunction, callMethod } from './index.ts';

// References: https://firebase.google.com/docs/reference/rules/rules.LatLng_
// and https://firebase.google.com/docs/reference/rules/rules.latlng_
describe('rules.LatLng', () => {
  const paris = new RLatLng(48.8566, 2.3522);
  const london = new RLatLng(51.5074, -0.1278);

  it('distance: "Calculate distance between two LatLng points in distance (meters)"', () => {
    const d = callMethod(paris, 'distance', [london]) as number;
    expect(d).toBeGreaterThan(343_000);
    expect(d).toBeLessThan(345_000);
    expect(callMethod(paris, 'distance', [paris])).toBe(0);
    // A quarter of a meridian.
    expect(callMethod(new RLatLng(0, 0), 'distance', [new RLatLng(90, 0)])).toBeCloseTo(
      (Math.PI / 2) * 6_371_008.8,
      3,
    );
    expect(callMethod(paris, 'distance', [null])).toBeInstanceOf(RError);
  });

  it('latitude: "Get the latitude value in the range [-90.0, 90.0]"', () => {
    expect(callMethod(paris, 'latitude', [])).toBe(48.8566);
    expect(callMethod(paris, 'latitude', [1n])).toBeInstanceOf(RError);
  });

  it('longitude: "Get the longitude value in the range [-180.0, 180.0]"', () => {
    expect(callMethod(paris, 'longitude', [])).toBe(2.3522);
    expect(callMethod(paris, 'longitude', [1n])).toBeInstanceOf(RError);
  });

  it('latlng.value: "Create a LatLng from floating point coordinates"', () => {
    // latlng.value(45.0, 90.0)
    expect(callFunction('latlng.value', [45.0, 90.0])).toEqual(new RLatLng(45, 90));
    expect(callFunction('latlng.value', [45n, 90n])).toEqual(new RLatLng(45, 90));
    expect(callFunction('latlng.value', [91.0, 0.0])).toBeInstanceOf(RError);
    expect(callFunction('latlng.value', [0.0, 180.5])).toBeInstanceOf(RError);
    expect(callFunction('latlng.value', ['45', 90.0])).toBeInstanceOf(RError);
    expect(callFunction('latlng.value', [45.0])).toBeInstanceOf(RError);
  });
});
