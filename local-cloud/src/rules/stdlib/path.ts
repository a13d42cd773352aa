// rules.Path's bind and the path() function (firebase.google.com/docs/reference/rules/rules.Path).
import { RMap, RPath } from '../values.ts';
import type { RValue, Result } from '../values.ts';
import { arity, fail, wrongType } from './util.ts';
import type { Method } from './util.ts';

/** A segment left as `$(name)` by a path literal whose variable was not bound when it was built. */
const PLACEHOLDER = /^\$\((\w+)\)$/;

/** Segments of a bound value, as a path literal's `$(x)` takes them: a string or an int is one
 * segment, a path its segments. */
function segmentsOf(v: RValue): readonly string[] | undefined {
  if (typeof v === 'string') return [v];
  if (typeof v === 'bigint') return [String(v)];
  if (v instanceof RPath) return v.segments;
  return undefined;
}

export const pathMethods: Record<string, Method<RPath>> = {
  // (/path/$(foo)/$(bar)).bind({"foo": "something", "bar": "another"}) is /path/something/another.
  bind: (p, args) => {
    const bad = arity('bind', args, 1);
    if (bad) return bad;
    const map = args[0] as RValue;
    if (!(map instanceof RMap)) return wrongType('bind', 'a map', map);
    const out: string[] = [];
    for (const segment of p.segments) {
      const name = PLACEHOLDER.exec(segment)?.[1];
      if (name === undefined) {
        out.push(segment);
        continue;
      }
      if (!map.has(name)) return fail(`bind(): no value for $(${name}).`);
      const bound = segmentsOf(map.entries.get(name) ?? null);
      if (!bound)
        return wrongType('bind', 'string, int or path values', map.entries.get(name) ?? null);
      out.push(...bound);
    }
    return new RPath(out);
  },
};

/** path("path/to/resource"): one leading and one trailing slash are allowed, empty segments are not. */
export function pathFromString(args: readonly RValue[]): Result {
  const bad = arity('path', args, 1);
  if (bad) return bad;
  const s = args[0] as RValue;
  if (typeof s !== 'string') return wrongType('path', 'a string', s);
  const trimmed = s.replace(/^\//, '').replace(/\/$/, '');
  if (trimmed === '') return new RPath([]);
  const segments = trimmed.split('/');
  if (segments.some((x) => x === '')) return fail(`path(): empty segment in ${JSON.stringify(s)}.`);
  return new RPath(segments);
}
