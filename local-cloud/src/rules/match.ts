// Which match blocks a request path falls under, and what their wildcards bind. `{x}` takes one
// segment; `{x=**}` takes the rest of the path: one or more segments and only at the end under
// rules_version '1', zero or more anywhere under '2'.
import type { Block, MatchDecl, PathSegment } from './ast.ts';
import { RUnknown } from './evaluate.ts';
import type { Value } from './evaluate.ts';
import { RPath } from './values.ts';

/**
 * A request path segment the request does not pin down: a list query's document id, or the
 * parents of a collection-group query (only a `{x=**}` can match those).
 */
export const ANY_ID = '\u0000any-id';
export const ANY_PARENTS = '\u0000any-parents';

/** A request path for messages: the placeholders written as the wildcards they stand for. */
export function displayPath(path: string): string {
  return path.split(ANY_ID).join('{id}').split(ANY_PARENTS).join('{path=**}');
}

export interface MatchedBlock {
  /** The match blocks from the service down, outermost first. */
  readonly chain: readonly MatchDecl[];
  /** The wildcard bindings of each block in the chain, in the same order. */
  readonly bindings: readonly ReadonlyMap<string, Value>[];
}

const unknownId = (name: string): RUnknown =>
  new RUnknown(`${name} is not known for a list request: the query does not name one document.`);

/** Every way `path` ends inside a match block of `block` (each path fully consumed). */
export function matchPath(
  block: Block,
  path: readonly string[],
  version: '1' | '2',
): MatchedBlock[] {
  const out: MatchedBlock[] = [];
  const walk = (
    b: Block,
    rest: readonly string[],
    chain: MatchDecl[],
    bindings: ReadonlyMap<string, Value>[],
  ): void => {
    for (const m of b.matches) {
      for (const { consumed, bound } of matchSegments(m.segments, rest, version)) {
        const remaining = rest.slice(consumed);
        const nextChain = [...chain, m];
        const nextBindings = [...bindings, bound];
        if (remaining.length === 0) out.push({ chain: nextChain, bindings: nextBindings });
        walk(m.body, remaining, nextChain, nextBindings);
      }
    }
  };
  walk(block, path, [], []);
  return out;
}

/** Every prefix of `path` that `segments` match, with the bindings. */
function matchSegments(
  segments: readonly PathSegment[],
  path: readonly string[],
  version: '1' | '2',
): { consumed: number; bound: Map<string, Value> }[] {
  const results: { consumed: number; bound: Map<string, Value> }[] = [];
  const step = (si: number, pi: number, bound: Map<string, Value>): void => {
    if (si === segments.length) {
      results.push({ consumed: pi, bound });
      return;
    }
    const seg = segments[si];
    if (!seg) return;
    if (seg.kind === 'rest') {
      const min = version === '1' ? 1 : 0;
      // Under v1 the rest wildcard sits at the end and takes everything left.
      const lengths =
        version === '1'
          ? [path.length - pi]
          : Array.from({ length: path.length - pi + 1 }, (_, k) => k);
      for (const n of lengths) {
        if (n < min) continue;
        const taken = path.slice(pi, pi + n);
        const value = taken.some((s) => s === ANY_ID || s === ANY_PARENTS)
          ? unknownId(seg.name)
          : new RPath(taken);
        step(si + 1, pi + n, new Map(bound).set(seg.name, value));
      }
      return;
    }
    const actual = path[pi];
    if (actual === undefined || actual === ANY_PARENTS) return;
    if (seg.kind === 'literal') {
      if (actual === seg.value) step(si + 1, pi + 1, bound);
      return;
    }
    step(
      si + 1,
      pi + 1,
      new Map(bound).set(seg.name, actual === ANY_ID ? unknownId(seg.name) : actual),
    );
  };
  step(0, 0, new Map());
  return results;
}
