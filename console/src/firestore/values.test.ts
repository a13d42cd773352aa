import { describe, expect, it } from 'vitest';
import { ValueError, parseValue, toText } from './values.ts';

const DB = 'projects/p/databases/(default)';

describe('parseValue', () => {
  it('reads each Firestore type from its text', () => {
    expect(parseValue('integer', ' 42 ', DB)).toEqual({ integerValue: '42' });
    expect(parseValue('double', '2.5', DB)).toEqual({ doubleValue: 2.5 });
    expect(parseValue('timestamp', '2026-01-31T12:00:00Z', DB)).toEqual({
      timestampValue: '2026-01-31T12:00:00.000Z',
    });
    expect(parseValue('geopoint', '52.5, 13.4', DB)).toEqual({
      geoPointValue: { latitude: 52.5, longitude: 13.4 },
    });
    expect(parseValue('reference', 'devices/d1', DB)).toEqual({
      referenceValue: `${DB}/documents/devices/d1`,
    });
    expect(parseValue('map', '{"a": [1, 1.5, "x"]}', DB)).toEqual({
      mapValue: {
        fields: {
          a: {
            arrayValue: {
              values: [{ integerValue: '1' }, { doubleValue: 1.5 }, { stringValue: 'x' }],
            },
          },
        },
      },
    });
  });

  it('refuses text that is not of the type, saying why', () => {
    const bad: [Parameters<typeof parseValue>[0], string, RegExp][] = [
      ['integer', 'Living room', /not an integer/],
      ['integer', '9223372036854775808', /64-bit/],
      ['boolean', 'yes', /true or false/],
      ['timestamp', 'yesterday', /not a date/],
      ['geopoint', '91, 0', /latitude/],
      ['reference', 'devices', /document path/],
      ['bytes', 'not base64!', /base64/],
      ['map', '[1]', /JSON object/],
      ['array', '{', /not JSON/],
    ];
    for (const [type, text, message] of bad) {
      expect(() => parseValue(type, text, DB)).toThrow(ValueError);
      expect(() => parseValue(type, text, DB)).toThrow(message);
    }
  });

  it('shows values as the text they are edited as', () => {
    expect(toText({ geoPointValue: { latitude: 1, longitude: 2 } })).toBe('1, 2');
    expect(toText({ referenceValue: `${DB}/documents/a/b` })).toBe('a/b');
    expect(toText({ stringValue: 'say "hi"' })).toBe('say "hi"');
  });
});
