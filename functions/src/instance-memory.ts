/**
 * What an instance remembers between requests (keys it checked or found wrong, full windows) lives
 * in Maps bounded by count: an entry set again becomes the newest, and past `max` the oldest are
 * forgotten first, which a Map's insertion order gives for free.
 */
export function rememberNewest<K, V>(map: Map<K, V>, key: K, value: V, max: number): void {
  map.delete(key);
  map.set(key, value);
  while (map.size > max) {
    const oldest = map.keys().next();
    if (oldest.done === true) break;
    map.delete(oldest.value);
  }
}
