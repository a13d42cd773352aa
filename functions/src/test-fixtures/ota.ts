import type { OtaDoc } from '@gadget/shared';

/**
 * A gadget's `ota/current` as ingest leaves it: offered thermo-1 firmware 1.4.0 from 1.2.0 by
 * rollout `r1`, with `fields` on top. For the unit tests of the firmware rules and the tests that
 * seed update documents directly.
 */
export function otaWith(fields: Partial<OtaDoc> = {}): OtaDoc {
  const at = fields.updatedAt ?? new Date('2026-12-07T10:00:00Z');
  return {
    state: 'offered',
    version: '1.4.0',
    rolloutId: 'r1',
    model: 'thermo-1',
    fromVersion: '1.2.0',
    progress: null,
    error: null,
    failedVersions: [],
    lease: null,
    approvedBy: null,
    via: 'wifi',
    stateChangedAt: at,
    updatedAt: at,
    ...fields,
  };
}
