// rules.String methods (firebase.google.com/docs/reference/rules/rules.String).
import { RError } from '../values.ts';
import type { RValue, Result } from '../values.ts';
import { globalMatcher, wholeMatcher } from './re2.ts';
import { arity, codePoints, wrongType } from './util.ts';
import type { Method } from './util.ts';

function stringArg(name: string, args: readonly RValue[], n: number): string[] | RError {
  const bad = arity(name, args, n);
  if (bad) return bad;
  for (const a of args) if (typeof a !== 'string') return wrongType(name, 'a string', a);
  return args as string[];
}

/**
 * Expands a replacement string the way RE2/J (the RE2 of the JVM the rules run on) does: `$n` and
 * `${name}` insert a group, a backslash makes the next character literal, any other `$` is an error.
 */
function expand(
  sub: string,
  m: RegExpExecArray,
  groups: number,
  names: Set<string>,
): string | RError {
  let out = '';
  for (let i = 0; i < sub.length; i++) {
    const c = sub[i];
    if (c === '\\') {
      i++;
      if (i >= sub.length) return new RError('replace(): trailing backslash in the replacement.');
      out += sub[i] ?? '';
    } else if (c === '$') {
      const next = sub[i + 1];
      if (next === '{') {
        const close = sub.indexOf('}', i);
        const name = close < 0 ? '' : sub.slice(i + 2, close);
        if (!names.has(name))
          return new RError(`replace(): no group named ${JSON.stringify(name)}.`);
        out += m.groups?.[name] ?? '';
        i = close;
      } else if (next !== undefined && next >= '0' && next <= '9') {
        // The first digit always belongs to the reference; later ones only while the group exists.
        let n = Number(next);
        i++;
        while (i + 1 < sub.length && /[0-9]/.test(sub[i + 1] ?? '')) {
          const longer = n * 10 + Number(sub[i + 1]);
          if (longer > groups) break;
          n = longer;
          i++;
        }
        if (n > groups) return new RError(`replace(): group $${String(n)} does not exist.`);
        out += m[n] ?? '';
      } else {
        return new RError('replace(): "$" must be followed by a group number or {name}.');
      }
    } else {
      out += c ?? '';
    }
  }
  return out;
}

function replace(s: string, pattern: string, sub: string): Result {
  const g = globalMatcher(pattern);
  if (g instanceof RError) return g;
  let out = '';
  let last = 0;
  for (const m of s.matchAll(g.regex)) {
    const piece = expand(sub, m, g.groups, g.names);
    if (piece instanceof RError) return piece;
    out += s.slice(last, m.index) + piece;
    last = m.index + m[0].length;
  }
  return out + s.slice(last);
}

/** Splits as JS's String.prototype.split does (an empty match at a piece's start does not split), without captures. */
function split(s: string, pattern: string): Result {
  const g = globalMatcher(pattern);
  if (g instanceof RError) return g;
  const sticky = new RegExp(g.regex.source, 'uy');
  const out: string[] = [];
  if (s.length === 0) return sticky.test('') ? [] : [''];
  let p = 0;
  let q = 0;
  while (q < s.length) {
    sticky.lastIndex = q;
    const m = sticky.exec(s);
    const e = m ? m.index + m[0].length : -1;
    if (!m || e === p) {
      q += (s.codePointAt(q) ?? 0) > 0xffff ? 2 : 1;
      continue;
    }
    out.push(s.slice(p, q));
    p = e;
    q = p;
  }
  out.push(s.slice(p));
  return out;
}

export const stringMethods: Record<string, Method<string>> = {
  lower: (s, args) => arity('lower', args, 0) ?? s.toLowerCase(),
  upper: (s, args) => arity('upper', args, 0) ?? s.toUpperCase(),
  trim: (s, args) => arity('trim', args, 0) ?? s.trim(),
  size: (s, args) => arity('size', args, 0) ?? BigInt(codePoints(s).length),
  toUtf8: (s, args) => arity('toUtf8', args, 0) ?? new Uint8Array(Buffer.from(s, 'utf8')),
  matches: (s, args) => {
    const a = stringArg('matches', args, 1);
    if (a instanceof RError) return a;
    const re = wholeMatcher(a[0] ?? '');
    return re instanceof RError ? re : re.test(s);
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
