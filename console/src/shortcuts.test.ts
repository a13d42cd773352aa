import { describe, expect, it } from 'vitest';
import { shortcutIndex, shortcutLabel } from './shortcuts.ts';

describe('page shortcuts', () => {
  it('go along the number row: 1…9, 0 for the tenth page, minus for the eleventh', () => {
    expect(shortcutIndex('1', 'Digit1')).toBe(0);
    expect(shortcutIndex('9', 'Digit9')).toBe(8);
    expect(shortcutIndex('0', 'Digit0')).toBe(9);
    expect(shortcutIndex('-', 'Minus')).toBe(10);
    expect(shortcutLabel(9)).toBe('Alt+0');
    expect(shortcutLabel(10)).toBe('Alt+-');
    expect(shortcutLabel(11)).toBeUndefined();
  });

  it('fall back to the physical key where the layout types something else there', () => {
    expect(shortcutIndex('&', 'Digit1')).toBe(0); // AZERTY
    expect(shortcutIndex('¡', 'Digit1')).toBe(0); // macOS Option+1
    expect(shortcutIndex('–', 'Minus')).toBe(10); // macOS Option+-
    expect(shortcutIndex('a', 'KeyA')).toBeUndefined();
  });
});
