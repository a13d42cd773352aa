import { describe, expect, it } from 'vitest';
import { isExportExpired } from './data-export.ts';

describe('isExportExpired', () => {
  const now = new Date('2025-03-10T03:00:00Z');

  it('is true once the expireAt metadata has passed', () => {
    expect(isExportExpired({ expireAt: '2025-03-10T02:59:59.000Z' }, now)).toBe(true);
    expect(isExportExpired({ expireAt: '2025-03-10T03:00:00.000Z' }, now)).toBe(true);
  });

  it('is false before it, and for files without a readable expireAt (never deleted by guess)', () => {
    expect(isExportExpired({ expireAt: '2025-03-10T03:00:01.000Z' }, now)).toBe(false);
    expect(isExportExpired({ expireAt: 'soon' }, now)).toBe(false);
    expect(isExportExpired({ expireAt: 42 }, now)).toBe(false);
    expect(isExportExpired({}, now)).toBe(false);
    expect(isExportExpired(undefined, now)).toBe(false);
  });
});
