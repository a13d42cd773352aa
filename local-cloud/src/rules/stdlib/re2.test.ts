import { describe, expect, it } from 'vitest';
import { RError } from '../values.ts';
import { re2, wholeMatcher } from './re2.ts';

// Reference: https://firebase.google.com/docs/reference/rules/rules.String#matches
// ("A regular expression using Google RE2 syntax"); the syntax is github.com/google/re2/wiki/Syntax.
const full = (pattern: string, s: string): boolean | RError => {
  const re = wholeMatcher(pattern);
  return re instanceof RError ? re : re.test(s);
};

describe('RE2 to JS', () => {
  it('rewrites RE2 spellings JS lacks', () => {
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
    expect(full('\\pL+', 'héllo')).toBe(true);
    expect(full('\\p{Greek}+', 'αβ')).toBe(true);
    expect(full('\\x{41}\\x42', 'AB')).toBe(true);
    expect(full('a{2}', 'aa')).toBe(true);
    // A brace that is not a repetition is a literal in RE2.
    expect(full('a{', 'a{')).toBe(true);
    expect(full('\\-\\.', '-.')).toBe(true);
  });

  it('keeps \\s to ASCII white space as RE2 does', () => {
    expect(full('\\s', ' ')).toBe(true);
    expect(full('\\s', '\u00a0')).toBe(false);
  });

  it('refuses what RE2 refuses', () => {
    for (const p of [
      '(a)\\1',
      '(?P=n)',
      'a(?=b)',
      'a(?!b)',
      '(?<=a)b',
      '(?<!a)b',
      '(?>a)',
      'a++',
      'a{1001}',
      '(?U)a',
      '\\C',
      '\\q',
      '*a',
      'a**',
      '(',
      ')',
    ])
      expect(re2(p), p).toBeInstanceOf(RError);
  });

  it('does not throw for any input', () => {
    for (const p of ['[', '[a', '\\', '(?', '(?P<', '\\x{110000}', '\\p{', '[[:nope:]]', '\\0'])
      expect(() => re2(p)).not.toThrow();
  });
});
