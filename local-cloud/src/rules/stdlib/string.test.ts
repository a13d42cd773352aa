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

  it('matches refuses what RE2 lacks: backreferences, lookaround, possessive and atomic forms', () => {
    // "A regular expression using Google RE2 syntax": RE2 has none of these.
    for (const p of [
      '(a)\\1',
      '(?P=n)',
      'a(?=b)b',
      'a(?!b)',
      '(?<=a)b',
      '(?<!x)ab',
      '(?>a)b',
      'a*+',
      'a++',
      'a{1001}',
      '\\C',
      '\\q',
      '*a',
      'a**',
      '(a',
      ')',
      '[',
      '[a',
      '\\',
      '(?',
      '(?P<',
      '\\x{110000}',
      '\\p{',
      '[[:nope:]]',
    ])
      expect(call('aa', 'matches', p), p).toBeInstanceOf(RError);
  });

  it('matches reports the syntax error, naming the method', () => {
    const e = call('aa', 'matches', '(a)\\1');
    expect(e).toBeInstanceOf(RError);
    expect((e as RError).message).toMatch(/^matches\(\): .*invalid escape sequence/);
    // The same bad pattern, cached, is reported under the method that used it.
    expect((call('aa', 'split', '(a)\\1') as RError).message).toMatch(/^split\(\): /);
  });

  it('matches takes RE2 spellings JS lacks', () => {
    const full = (pattern: string, s: string) => call(s, 'matches', pattern);
    expect(full('\\Aab\\z', 'ab')).toBe(true);
    expect(full('\\Qa.b\\E', 'a.b')).toBe(true);
    expect(full('\\Qa.b\\E', 'axb')).toBe(false);
    expect(full('(?P<word>[[:alpha:]]+)', 'abc')).toBe(true);
    expect(full('[[:digit:]]+', '12a')).toBe(false);
    expect(full('a(?i)bc', 'aBC')).toBe(true);
    expect(full('a(?i)bc', 'ABC')).toBe(false);
    expect(full('(?i)abc', 'ABC')).toBe(true);
    expect(full('(?s).', '\n')).toBe(true);
    expect(full('.', '\n')).toBe(false);
    expect(full('(?U)a+', 'aa')).toBe(true);
    expect(full('\\pL+', 'héllo')).toBe(true);
    expect(full('\\p{Greek}+', 'αβ')).toBe(true);
    expect(full('\\x{41}\\x42', 'AB')).toBe(true);
    expect(full('a{2}', 'aa')).toBe(true);
    // A brace that is not a repetition is a literal in RE2.
    expect(full('a{', 'a{')).toBe(true);
    expect(full('\\-\\.', '-.')).toBe(true);
    // One character is one code point, also outside the BMP.
    expect(full('.', '😀')).toBe(true);
  });

  it('matches keeps \\s to ASCII white space as RE2 does', () => {
    expect(call(' ', 'matches', '\\s')).toBe(true);
    expect(call('\u00a0', 'matches', '\\s')).toBe(false);
  });

  it('matches runs in linear time: a pattern that makes a backtracking engine explode returns', () => {
    // (a+)+$ against a run of a's and a b takes 2^n steps when backtracking; RE2 never does.
    const s = 'a'.repeat(30) + 'b';
    for (let i = 0; i < 20; i++) expect(call(s, 'matches', '(a+)+$')).toBe(false);
    expect(call(s, 'replace', '(a+)+$', 'x')).toBe(s);
  });

  it('compiles many distinct patterns (the cache is bounded, results stay right)', () => {
    for (let i = 0; i < 600; i++)
      expect(call(`a${String(i)}`, 'matches', `a${String(i)}`)).toBe(true);
    expect(call('a1', 'matches', 'a1')).toBe(true);
    expect(call('a1', 'matches', 'a2')).toBe(false);
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
    expect(call('a', 'replace', 'a', 'x\\')).toBeInstanceOf(RError);
    expect(call('a', 'replace', '(', 'x')).toBeInstanceOf(RError);
    // $n takes as many digits as still name a group: with one group, $10 is group 1 then "0".
    expect(call('ab', 'replace', '(a)', '$10')).toBe('a0b');
    expect(call('ab', 'replace', '(a)', '$0$0')).toBe('aab');
    // A group that took no part in the match inserts nothing.
    expect(call('b', 'replace', '(a)?b', '[$1]')).toBe('[]');
    // An empty match replaces between every character, as Matcher.replaceAll does.
    expect(call('abc', 'replace', 'x*', '-')).toBe('-a-b-c-');
  });

  it('split: "Splits a string according to a regular expression"', () => {
    // 'a/b/c'.split('/') == ['a', 'b', 'c']
    expect(call('a/b/c', 'split', '/')).toEqual(['a', 'b', 'c']);
    expect(call('a1b22c', 'split', '[0-9]+')).toEqual(['a', 'b', 'c']);
    // Groups in the pattern do not leak into the result.
    expect(call('a-b', 'split', '(-)')).toEqual(['a', 'b']);
    expect(call('abc', 'split', '')).toEqual(['a', 'b', 'c']);
    expect(call('😀a', 'split', '')).toEqual(['😀', 'a']);
    expect(call('a/b', 'split', 1n)).toBeInstanceOf(RError);
    expect(call('a/b', 'split', '(')).toBeInstanceOf(RError);
  });

  it('split follows RE2/J Pattern.split (Java): trailing empty strings are dropped, leading kept', () => {
    expect(call('a/b/c/', 'split', '/')).toEqual(['a', 'b', 'c']);
    expect(call('/a//b//', 'split', '/')).toEqual(['', 'a', '', 'b']);
    expect(call('/', 'split', '/')).toEqual([]);
    expect(call('', 'split', '/')).toEqual(['']);
    expect(call('abc', 'split', 'x')).toEqual(['abc']);
    // An empty match at the very start does not make a leading empty string.
    expect(call('abc', 'split', 'x*')).toEqual(['a', 'b', 'c']);
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
