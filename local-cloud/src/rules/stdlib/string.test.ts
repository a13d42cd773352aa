import { describe, expect, it } from 'vitest';
import { RError } from '../values.ts';
import type { RValue } from '../values.ts';
import { callMethod } from './index.ts';

// Reference: https://firebase.google.com/docs/reference/rules/rules.String
const call = (s: string, name: string, ...args: RValue[]) => callMethod(s, name, args);

describe('rules.String', () => {
  it('lower: "Returns a lowercase version of the input string"', () => {
    // 'ABC'.lower() == 'abc'; 'ABC123'.lower() == 'abc123'
    expect(call('ABC', 'lower')).toBe('abc');
    expect(call('ABC123', 'lower')).toBe('abc123');
    expect(call('ABC', 'lower', 'x')).toBeInstanceOf(RError);
  });

  it('upper: "Returns an uppercase version of the input string"', () => {
    expect(call('abc', 'upper')).toBe('ABC');
    expect(call('abc', 'upper', 1n)).toBeInstanceOf(RError);
  });

  it('matches: "Performs a regular expression match on the whole string" (RE2 syntax)', () => {
    // 'user@domain.com'.matches('.*@domain[.]com') == true; 'banana'.matches(...) == false
    expect(call('user@domain.com', 'matches', '.*@domain[.]com')).toBe(true);
    expect(call('banana', 'matches', '.*@domain[.]com')).toBe(false);
    // Whole string: a match of a part is not enough.
    expect(call('xuser@domain.comx', 'matches', 'user@domain[.]com')).toBe(false);
    expect(call('ab', 'matches', 'a|ab')).toBe(true);
    expect(call('abc', 'matches', 1n)).toBeInstanceOf(RError);
    expect(call('abc', 'matches')).toBeInstanceOf(RError);
  });

  it('matches refuses what RE2 lacks: backreferences and lookaround', () => {
    // "A regular expression using Google RE2 syntax": RE2 has neither.
    expect(call('aa', 'matches', '(a)\\1')).toBeInstanceOf(RError);
    expect(call('ab', 'matches', 'a(?=b)b')).toBeInstanceOf(RError);
    expect(call('ab', 'matches', '(?<!x)ab')).toBeInstanceOf(RError);
    expect(call('ab', 'matches', '(?>a)b')).toBeInstanceOf(RError);
    expect(call('aa', 'matches', 'a*+')).toBeInstanceOf(RError);
    expect(call('a', 'matches', '(a')).toBeInstanceOf(RError);
  });

  it('replace: "Replaces all occurrences of substrings matching a regular expression"', () => {
    // 'banana'.replace("a", "o") == 'bonono'; 'banana'.replace("ana", "ee") == 'beena';
    // 'foo@test.com'.replace(".", "-") == '------------' // '.' regex match all
    expect(call('banana', 'replace', 'a', 'o')).toBe('bonono');
    expect(call('banana', 'replace', 'ana', 'ee')).toBe('beena');
    expect(call('foo@test.com', 'replace', '.', '-')).toBe('-'.repeat(12));
    // "If no substrings match the regular expression, returns the original string unmodified."
    expect(call('banana', 'replace', 'x', 'y')).toBe('banana');
    expect(call('banana', 'replace', 'a')).toBeInstanceOf(RError);
    expect(call('banana', 'replace', 'a', 1n)).toBeInstanceOf(RError);
  });

  it('replace: $n and ${name} insert groups, \\$ is a literal dollar, a stray $ is an error', () => {
    expect(call('john smith', 'replace', '(\\w+) (\\w+)', '$2, $1')).toBe('smith, john');
    expect(call('2024-05', 'replace', '(?P<y>\\d+)-(?P<m>\\d+)', '${m}/${y}')).toBe('05/2024');
    expect(call('a', 'replace', 'a', '\\$1')).toBe('$1');
    expect(call('a', 'replace', 'a', '$')).toBeInstanceOf(RError);
    expect(call('a', 'replace', '(a)', '$2')).toBeInstanceOf(RError);
    expect(call('a', 'replace', 'a', '${nope}')).toBeInstanceOf(RError);
  });

  it('split: "Splits a string according to a regular expression"', () => {
    // 'a/b/c'.split('/') == ['a', 'b', 'c']
    expect(call('a/b/c', 'split', '/')).toEqual(['a', 'b', 'c']);
    expect(call('a1b22c', 'split', '[0-9]+')).toEqual(['a', 'b', 'c']);
    // Groups in the pattern do not leak into the result.
    expect(call('a-b', 'split', '(-)')).toEqual(['a', 'b']);
    expect(call('abc', 'split', '')).toEqual(['a', 'b', 'c']);
    expect(call('a/b', 'split', 1n)).toBeInstanceOf(RError);
    expect(call('a/b', 'split', '(')).toBeInstanceOf(RError);
  });

  it('size: "Returns the number of characters in the string"', () => {
    // 'a'.size() == 1; 'abc'.size() == 3
    expect(call('a', 'size')).toBe(1n);
    expect(call('abc', 'size')).toBe(3n);
    expect(call('€😀', 'size')).toBe(2n);
    expect(call('abc', 'size', 1n)).toBeInstanceOf(RError);
  });

  it('trim: "Returns a version of the string with leading and trailing spaces removed"', () => {
    expect(call(' a ', 'trim')).toBe('a');
    expect(call('\t a b \n', 'trim')).toBe('a b');
    expect(call('a', 'trim', 'a')).toBeInstanceOf(RError);
  });

  it('toUtf8: "Returns the UTF-8 byte encoding of a string"', () => {
    expect(call('Ó', 'toUtf8')).toEqual(new Uint8Array([0xc3, 0x93]));
    expect(call('', 'toUtf8')).toEqual(new Uint8Array([]));
    expect(call('a', 'toUtf8', 'b')).toBeInstanceOf(RError);
  });

  it('an unknown method is an error', () => {
    expect(call('a', 'startsWith', 'a')).toBeInstanceOf(RError);
  });
});
