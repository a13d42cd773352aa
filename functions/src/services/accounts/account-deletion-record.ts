/**
 * `accountDeletions/{uid}`: the cascade's progress and, once written, the tombstone that keeps a
 * deleted profile from being recreated. Kept this long after the cascade finishes, well past the
 * last retry of any sign-up event (Eventarc gives up after days), then removed by a TTL policy.
 */
export const TOMBSTONE_DAYS = 30;
