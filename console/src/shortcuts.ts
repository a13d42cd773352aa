// The page list's keyboard shortcuts: Alt with the keys of the number row in order, 1…9, 0, then
// the minus beside it, so each page keeps its key when one is added after it. Matched by the key
// typed and, failing that, by the physical key (`code`), where the layout puts other characters on
// that row (AZERTY's &é"…, macOS's Option+1 = ¡).
export const SHORTCUT_KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0', '-'] as const;

const CODES = [...SHORTCUT_KEYS.slice(0, 10).map((k) => `Digit${k}`), 'Minus'];

/** The index of the page a key press goes to, or undefined when it is no shortcut. */
export function shortcutIndex(key: string, code: string): number | undefined {
  const byKey = (SHORTCUT_KEYS as readonly string[]).indexOf(key);
  if (byKey >= 0) return byKey;
  const byCode = CODES.indexOf(code);
  return byCode >= 0 ? byCode : undefined;
}

/** What a page's link says its shortcut is (its title), or undefined past the last key. */
export function shortcutLabel(index: number): string | undefined {
  const key = SHORTCUT_KEYS[index];
  return key === undefined ? undefined : `Alt+${key}`;
}
