import { describe, expect, it } from 'vitest';
import { deleteField, formatFieldPath, getField, parseFieldPath, setField } from './field-path.ts';
import type { Value__Output as Value } from '../generated/google/firestore/v1/Value.ts';

describe('field paths', () => {
  it('parses dotted and back-quoted segments', () => {
    expect(parseFieldPath('a.b')).toEqual(['a', 'b']);
    expect(parseFieldPath('`a.b`.c')).toEqual(['a.b', 'c']);
    expect(parseFieldPath('`we\\`ird`')).toEqual(['we`ird']);
    expect(formatFieldPath(['a.b', 'c', '1x'])).toBe('`a.b`.c.`1x`');
  });

  it('rejects empty segments, unquoted special characters and open quotes', () => {
    for (const bad of ['', 'a..b', '.a', 'a.', 'a-b', '`a', '1a'])
      expect(() => parseFieldPath(bad)).toThrow();
  });

  it('sets, reads and deletes nested fields, replacing non-map parents', () => {
    const fields: Record<string, Value> = { a: { integerValue: '1' } };
    setField(fields, ['a', 'b'], { stringValue: 'x' });
    expect(getField(fields, ['a', 'b'])).toEqual({ stringValue: 'x' });
    deleteField(fields, ['a', 'b']);
    expect(fields).toEqual({ a: { mapValue: { fields: {} } } });
  });
});
