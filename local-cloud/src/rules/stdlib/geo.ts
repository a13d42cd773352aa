// rules.LatLng methods and latlng.value (firebase.google.com/docs/reference/rules/rules.LatLng_,
// rules.latlng_).
import { RLatLng } from '../values.ts';
import type { RValue, Result } from '../values.ts';
import { arity, fail, wrongType } from './util.ts';
import type { Method } from './util.ts';

/** The mean Earth radius in meters (IUGG); the reference names no formula, so haversine on it. */
export const EARTH_RADIUS_M = 6_371_008.8;

function haversine(a: RLatLng, b: RLatLng): number {
  const rad = Math.PI / 180;
  const dLat = (b.latitude - a.latitude) * rad;
  const dLng = (b.longitude - a.longitude) * rad;
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

export const latLngMethods: Record<string, Method<RLatLng>> = {
  distance: (p, args) => {
    const bad = arity('distance', args, 1);
    if (bad) return bad;
    const other = args[0] as RValue;
    return other instanceof RLatLng
      ? haversine(p, other)
      : wrongType('distance', 'a latlng', other);
  },
  latitude: (p, args) => arity('latitude', args, 0) ?? p.latitude,
  longitude: (p, args) => arity('longitude', args, 0) ?? p.longitude,
};

const toFloat = (v: RValue): number | undefined =>
  typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : undefined;

export const geoFunctions: Record<string, (args: readonly RValue[]) => Result> = {
  // "Create a LatLng from floating point coordinates"; ints are coerced as in arithmetic.
  'latlng.value': (args) => {
    const bad = arity('latlng.value', args, 2);
    if (bad) return bad;
    const lat = toFloat(args[0] as RValue);
    const lng = toFloat(args[1] as RValue);
    if (lat === undefined) return wrongType('latlng.value', 'a number latitude', args[0] as RValue);
    if (lng === undefined)
      return wrongType('latlng.value', 'a number longitude', args[1] as RValue);
    // latitude() is "in the range [-90.0, 90.0]", longitude() "in the range [-180.0, 180.0]".
    if (!(lat >= -90 && lat <= 90)) return fail('latlng.value(): latitude out of range.');
    if (!(lng >= -180 && lng <= 180)) return fail('latlng.value(): longitude out of range.');
    return new RLatLng(lat, lng);
  },
};
