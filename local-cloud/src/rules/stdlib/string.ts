// rules.String methods (firebase.google.com/docs/reference/rules/rules.String).
import { RE2JS, RE2JSException } from 're2js';
import { RError } from '../values.ts';
import type { RValue, Result } from '../values.ts';
import { arity, codePoints, wrongType } from './util.ts';
import type { Method } from './util.ts';

function stringArg(name: string, args: readonly RValue[], n: number): string[] | RError {
  const bad = arity(name, args, n);
  if (bad) return bad;
  for (const a of args) if (typeof a !== 'string') return wrongType(name, 'a string', a);
  return args as string[];
}

// Patterns are RE2 ("A regular expression using Google RE2 syntax"), and the rules run on the JVM
// with RE2/J; re2js is RE2/J ported to JS, so the syntax, what it refuses (backreferences,
// lookaround, possessive quantifiers) and the linear-time matching are the same.
const CACHE_LIMIT = 256;
/** Compiled patterns, or the syntax error's message, most recently used last. */
const cache = new Map<string, RE2JS | string>();

/** The compiled pattern, or an RError with re2js's syntax error; the last CACHE_LIMIT patterns are kept. */
function compile(name: string, pattern: string): RE2JS | RError {
  let re = cache.get(pattern);
  if (re !== undefined) {
    cache.delete(pattern);
  } else {
    try {
      re = RE2JS.compile(pattern);
    } catch (e) {
      if (!(e instanceof RE2JSException)) throw e;
      re = e.message;
    }
    if (cache.size >= CACHE_LIMIT) {
      const oldest = cache.keys().next();
      if (!oldest.done) cache.delete(oldest.value);
    }
  }
  cache.set(pattern, re);
  return typeof re === 'string' ? new RError(`${name}(): ${re}`) : re;
}

/** Matches the whole string, as the reference says (no implicit `^...$` needed). */
function matches(s: string, pattern: string): Result {
  const re = compile('matches', pattern);
  return re instanceof RError ? re : re.testExact(s);
}

/**
 * Replaces every match, expanding `sub` as RE2/J's `Matcher.replaceAll` does (re2js's Java mode):
 * `$n` takes as many digits as still name a group, `${name}` is a named group, a backslash makes the
 * next character literal; any other `$`, or a group that does not exist, is an error.
 */
function replace(s: string, pattern: string, sub: string): Result {
  const re = compile('replace', pattern);
  if (re instanceof RError) return re;
  try {
    return re.matcher(s).replaceAll(sub, true);
  } catch (e) {
    if (!(e instanceof RE2JSException)) throw e;
    return new RError(`replace(): ${e.message}`);
  }
}

/**
 * Splits as RE2/J's `Pattern.split(input)` (limit 0, Java's semantics): pieces between matches,
 * trailing empty strings removed, no leading empty string from an empty match at the start, groups
 * not included. The reference's example, 'a/b/c'.split('/') == ['a', 'b', 'c'], agrees.
 */
function split(s: string, pattern: string): Result {
  const re = compile('split', pattern);
  return re instanceof RError ? re : re.split(s);
}

export const stringMethods: Record<string, Method<string>> = {
  lower: (s, args) => arity('lower', args, 0) ?? s.toLowerCase(),
  upper: (s, args) => arity('upper', args, 0) ?? s.toUpperCase(),
  trim: (s, args) => arity('trim', args, 0) ?? s.trim(),
  size: (s, args) => arity('size', args, 0) ?? BigInt(codePoints(s).length),
  toUtf8: (s, args) => arity('toUtf8', args, 0) ?? new Uint8Array(Buffer.from(s, 'utf8')),
  matches: (s, args) => {
    const a = stringArg('matches', args, 1);
    return a instanceof RError ? a : matches(s, a[0] ?? '');
  },
  replace: (s, args) => {
    const a = stringArg('replace', args, 2);
    return a instanceof RError ? a : replace(s, a[0] ?? '', a[1] ?? '');
  },
  split: (s, args) => {
    const a = stringArg('split', args, 1);
    return a instanceof RError ? a : split(s, a[0] ?? '');
  },
};
