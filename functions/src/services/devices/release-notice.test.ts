import { describe, expect, it } from 'vitest';
import { membersReleasedBy, RELEASE_NOTICE_FIELD } from './release-notice.ts';

const device = (notice?: unknown) => ({
  members: { alice: 'owner' },
  ...(notice === undefined ? {} : { [RELEASE_NOTICE_FIELD]: notice }),
});

describe('membersReleasedBy', () => {
  it('is the members the write noted for its release', () => {
    expect([...membersReleasedBy(device(), device(['bob', 'carol']))]).toEqual(['bob', 'carol']);
  });

  it('leaves out members noted before the write, so a stale notice hides no later news', () => {
    expect([...membersReleasedBy(device(['bob']), device(['bob', 'carol']))]).toEqual(['carol']);
    expect([...membersReleasedBy(device(['bob']), device(['bob']))]).toEqual([]);
  });

  it('is empty without a notice, for a deleted device, and for a malformed notice', () => {
    expect(membersReleasedBy(device(), device()).size).toBe(0);
    expect(membersReleasedBy(device(), undefined).size).toBe(0);
    expect(membersReleasedBy(undefined, device('bob')).size).toBe(0);
    expect([...membersReleasedBy(undefined, device(['bob', 7, null]))]).toEqual(['bob']);
  });
});
