// Evaluates rules expressions: scopes and user functions, the access calls (get, exists, getAfter,
// existsAfter, and Storage's firestore.get/exists) with their limit and per-request cache,
// debug(), and CEL's error absorption in `&&`, `||` and the ternary. Type methods, operators and
// the library functions live in stdlib/.
import type { Expr, FunctionDecl, Loc } from './ast.ts';
import {
  arithmetic,
  callFunction,
  callMethod,
  contains,
  index,
  negate,
  slice,
} from './stdlib/index.ts';
import {
  RError,
  RMap,
  RNamespace,
  RPath,
  compareValues,
  isError,
  isType,
  show,
  valuesEqual,
} from './values.ts';
import type { RValue, Result } from './values.ts';

/** The documented limits on one request's evaluation (firebase.google.com/docs/rules/... quotas). */
export const LIMITS = {
  /** Access calls for a single-document request or a query; 20 for batches and transactions. */
  accessCalls: 10,
  batchAccessCalls: 20,
  /** Nested function calls. */
  callDepth: 20,
  /** Expressions evaluated in one request. */
  expressions: 1000,
  functionArguments: 7,
  letsPerFunction: 10,
} as const;

/** A value known only in part, as query proving sees `resource.data`: any use is an error except `in`. */
export class RUnknown {
  readonly reason: string;
  /** Values a list is known to contain (array-contains filters). */
  readonly members: readonly RValue[];
  constructor(reason: string, members: readonly RValue[] = []) {
    this.reason = reason;
    this.members = members;
  }
}

/**
 * A map known only through a query's filters (`resource` and `resource.data` of a list request):
 * a field is whatever an equality filter pins it to, or unknown.
 */
export class RPartialMap {
  private readonly lookupFn: (key: string) => Value;
  constructor(lookup: (key: string) => Value) {
    this.lookupFn = lookup;
  }
  lookup(key: string): Value {
    return this.lookupFn(key);
  }
}

export type Value = RValue | RUnknown | RPartialMap;
type Out = Value | RError;

/** Where get() and exists() look: the database before the request, or after the batch. */
export interface AccessProvider {
  /** The document's resource map ({data, id, __name__}), or null when it does not exist. */
  get(path: RPath, after: boolean): Result;
  /** Storage rules' firestore.get/exists: a document of the project's default database. */
  crossService?: (path: RPath) => Result;
}

/** One get()/exists() call as the trace shows it. */
export interface AccessCall {
  readonly function: string;
  readonly path: string;
  /** where the call is in the rules */
  readonly line: number;
  readonly column: number;
  /** whether a document was there, or the error the call ended in */
  readonly result: string;
}

export interface EvalState {
  readonly access: AccessProvider;
  readonly maxAccessCalls: number;
  /** Shared by the requests of one batch, like the cache; `log` lists each call and its answer. */
  readonly calls: { count: number; log: AccessCall[] };
  /** This request's own calls: each write of a batch keeps the single-request limit too. */
  readonly own: { count: number };
  readonly cache: Map<string, Result>;
  readonly debug: string[];
  expressions: number;
  /** The result of every node evaluated, for the denial message's first false condition. */
  readonly results: Map<Expr, Out>;
  /** For each user-function call evaluated, the expression its body returned. */
  readonly bodies: Map<Expr, Expr>;
}

export function newState(
  access: AccessProvider,
  maxAccessCalls: number = LIMITS.accessCalls,
): EvalState {
  return {
    access,
    maxAccessCalls,
    calls: { count: 0, log: [] },
    own: { count: 0 },
    cache: new Map(),
    debug: [],
    expressions: 0,
    results: new Map(),
    bodies: new Map(),
  };
}

interface Closure {
  readonly decl: FunctionDecl;
  readonly scope: Scope;
}

/** Variables and functions visible at one point; each match block and call opens a child. */
export class Scope {
  private readonly vars = new Map<string, Value>();
  private readonly functions = new Map<string, Closure>();
  private readonly parent: Scope | undefined;
  readonly depth: number;
  /** Functions being called on this path, to refuse recursion as the language does. */
  readonly calling: ReadonlySet<FunctionDecl>;

  constructor(parent?: Scope, calling?: ReadonlySet<FunctionDecl>, depth?: number) {
    this.parent = parent;
    this.depth = depth ?? parent?.depth ?? 0;
    this.calling = calling ?? parent?.calling ?? new Set();
  }

  set(name: string, value: Value): this {
    this.vars.set(name, value);
    return this;
  }

  define(decl: FunctionDecl): void {
    this.functions.set(decl.name, { decl, scope: this });
  }

  lookup(name: string): Value | undefined {
    // `has`, not `??`: a variable may hold null (`resource` of a missing document).
    return this.vars.has(name) ? this.vars.get(name) : this.parent?.lookup(name);
  }

  has(name: string): boolean {
    return this.vars.has(name) || (this.parent?.has(name) ?? false);
  }

  fn(name: string): Closure | undefined {
    return this.functions.get(name) ?? this.parent?.fn(name);
  }

  /** The scope of a call of `decl` declared here, made from a caller at `callerDepth`. */
  call(decl: FunctionDecl, calling: ReadonlySet<FunctionDecl>, callerDepth: number): Scope {
    return new Scope(this, new Set([...calling, decl]), callerDepth + 1);
  }
}

const NAMESPACES = new Set(['math', 'hashing', 'duration', 'timestamp', 'latlng', 'firestore']);
const ACCESS = new Set(['get', 'exists', 'getAfter', 'existsAfter']);

const err = (message: string, loc: Loc): RError => new RError(message, loc);

function known(v: Out, loc: Loc): Result {
  if (v instanceof RUnknown) return err(v.reason, loc);
  if (v instanceof RPartialMap)
    return err(
      'The query does not prove this: only single fields pinned by its filters are known.',
      loc,
    );
  return v;
}

/** Evaluates `e`; the result is a value, an RUnknown (query proving) or an RError. */
export function evaluate(e: Expr, scope: Scope, st: EvalState): Out {
  const out = evalNode(e, scope, st);
  st.results.set(e, out);
  return out;
}

function evalNode(e: Expr, scope: Scope, st: EvalState): Out {
  if (++st.expressions > LIMITS.expressions)
    return err(`Evaluation exceeded ${String(LIMITS.expressions)} expressions.`, e.loc);
  switch (e.kind) {
    case 'literal':
      return e.value;
    case 'identifier': {
      const v = scope.lookup(e.name);
      if (v !== undefined) return v;
      if (NAMESPACES.has(e.name)) return new RNamespace(e.name);
      return err(`Variable ${e.name} is not defined.`, e.loc);
    }
    case 'member': {
      const obj = evaluate(e.object, scope, st);
      if (isError(obj)) return obj;
      if (obj instanceof RUnknown) return obj;
      if (obj instanceof RPartialMap) return obj.lookup(e.property);
      if (obj instanceof RMap) {
        const v = obj.get(e.property);
        return isError(v) ? err(v.message, e.loc) : v;
      }
      if (obj === null) return err(`Null value error: cannot read ${e.property} of null.`, e.loc);
      return err(`Property ${e.property} is undefined on ${describe(obj)}.`, e.loc);
    }
    case 'index': {
      const obj = evaluate(e.object, scope, st);
      if (isError(obj) || obj instanceof RUnknown) return obj;
      const key = known(evaluate(e.index, scope, st), e.index.loc);
      if (isError(key)) return key;
      if (obj instanceof RPartialMap)
        return typeof key === 'string' ? obj.lookup(key) : err('Map keys are strings.', e.loc);
      return located(index(obj, key), e.loc);
    }
    case 'slice': {
      const obj = known(evaluate(e.object, scope, st), e.loc);
      if (isError(obj)) return obj;
      const from = e.from ? known(evaluate(e.from, scope, st), e.from.loc) : undefined;
      if (from !== undefined && isError(from)) return from;
      const to = e.to ? known(evaluate(e.to, scope, st), e.to.loc) : undefined;
      if (to !== undefined && isError(to)) return to;
      return located(slice(obj, from, to), e.loc);
    }
    case 'call':
      return evalCall(e, scope, st);
    case 'unary': {
      const v = known(evaluate(e.operand, scope, st), e.loc);
      if (isError(v)) return v;
      if (e.op === '!')
        return typeof v === 'boolean' ? !v : err(`! needs a bool, got ${describe(v)}.`, e.loc);
      return located(negate(v), e.loc);
    }
    case 'binary':
      return evalBinary(e, scope, st);
    case 'is': {
      const v = known(evaluate(e.value, scope, st), e.loc);
      return isError(v) ? v : isType(v, e.type);
    }
    case 'ternary': {
      const test = known(evaluate(e.test, scope, st), e.test.loc);
      if (isError(test)) return test;
      if (typeof test !== 'boolean')
        return err(`A condition needs a bool, got ${describe(test)}.`, e.loc);
      return evaluate(test ? e.consequent : e.alternate, scope, st);
    }
    case 'list': {
      const items: RValue[] = [];
      for (const item of e.items) {
        const v = known(evaluate(item, scope, st), item.loc);
        if (isError(v)) return v;
        items.push(v);
      }
      return items;
    }
    case 'map': {
      const entries = new Map<string, RValue>();
      for (const entry of e.entries) {
        const k = known(evaluate(entry.key, scope, st), entry.key.loc);
        if (isError(k)) return k;
        if (typeof k !== 'string')
          return err(`Map keys are strings, got ${describe(k)}.`, entry.key.loc);
        const v = known(evaluate(entry.value, scope, st), entry.value.loc);
        if (isError(v)) return v;
        entries.set(k, v);
      }
      return new RMap(entries);
    }
    case 'path': {
      const segments: string[] = [];
      for (const seg of e.segments) {
        if (seg.kind === 'text') {
          segments.push(seg.value);
          continue;
        }
        // An unbound `$(name)` stays as written, for path.bind() to fill in.
        if (
          seg.expr.kind === 'identifier' &&
          !scope.has(seg.expr.name) &&
          !scope.fn(seg.expr.name)
        ) {
          segments.push(`$(${seg.expr.name})`);
          continue;
        }
        const v = known(evaluate(seg.expr, scope, st), seg.expr.loc);
        if (isError(v)) return v;
        if (typeof v === 'string') segments.push(v);
        else if (v instanceof RPath) segments.push(...v.segments);
        else if (typeof v === 'bigint') segments.push(String(v));
        else return err(`A path segment is a string, got ${describe(v)}.`, seg.expr.loc);
      }
      return new RPath(segments);
    }
  }
}

function located(r: Result, loc: Loc): Result {
  return isError(r) && r.loc === undefined ? err(r.message, loc) : r;
}

function describe(v: RValue): string {
  return show(v);
}

function evalBinary(e: Extract<Expr, { kind: 'binary' }>, scope: Scope, st: EvalState): Out {
  if (e.op === '&&' || e.op === '||') {
    // CEL: a false (for &&) or true (for ||) side decides, even when the other side errs.
    const decisive = e.op === '||';
    const left = known(evaluate(e.left, scope, st), e.left.loc);
    if (left === decisive) return decisive;
    const right = known(evaluate(e.right, scope, st), e.right.loc);
    if (right === decisive) return decisive;
    if (isError(left)) return left;
    if (isError(right)) return right;
    if (typeof left !== 'boolean')
      return err(`${e.op} needs bools, got ${describe(left)}.`, e.left.loc);
    if (typeof right !== 'boolean')
      return err(`${e.op} needs bools, got ${describe(right)}.`, e.right.loc);
    return !decisive;
  }
  const leftRaw = evaluate(e.left, scope, st);
  if (isError(leftRaw)) return leftRaw;
  const rightRaw = evaluate(e.right, scope, st);
  if (isError(rightRaw)) return rightRaw;
  if (e.op === 'in' && rightRaw instanceof RUnknown) {
    // Query proving: `x in resource.data.list` holds when an array-contains filter says so.
    const needle = known(leftRaw, e.left.loc);
    if (isError(needle)) return needle;
    if (rightRaw.members.some((m) => valuesEqual(m, needle))) return true;
    return err(rightRaw.reason, e.loc);
  }
  const left = known(leftRaw, e.left.loc);
  if (isError(left)) return left;
  const right = known(rightRaw, e.right.loc);
  if (isError(right)) return right;
  switch (e.op) {
    case '==':
      return valuesEqual(left, right);
    case '!=':
      return !valuesEqual(left, right);
    case '<':
    case '<=':
    case '>':
    case '>=': {
      const c = compareValues(left, right);
      if (isError(c)) return err(c.message, e.loc);
      if (Number.isNaN(c)) return false;
      return e.op === '<' ? c < 0 : e.op === '<=' ? c <= 0 : e.op === '>' ? c > 0 : c >= 0;
    }
    case 'in':
      return located(contains(right, left), e.loc);
    default:
      return located(arithmetic(e.op, left, right), e.loc);
  }
}

function evalCall(e: Extract<Expr, { kind: 'call' }>, scope: Scope, st: EvalState): Out {
  const raw: Value[] = [];
  for (const a of e.args) {
    const v = evaluate(a, scope, st);
    if (isError(v)) return v;
    raw.push(v);
  }
  const callee = e.callee;
  // A user function may take values known only in part (query proving); library code may not.
  const closure = callee.kind === 'identifier' ? scope.fn(callee.name) : undefined;
  if (closure) return callUser(closure, raw, e, scope, st);
  const args: RValue[] = [];
  for (const [i, v] of raw.entries()) {
    const k = known(v, e.args[i]?.loc ?? e.loc);
    if (isError(k)) return k;
    args.push(k);
  }
  if (callee.kind === 'identifier') {
    if (ACCESS.has(callee.name)) return access(callee.name, args, e.loc, st);
    if (callee.name === 'debug') {
      st.debug.push(args.map(show).join(', '));
      return args[0] ?? null;
    }
    return located(callFunction(callee.name, args), e.loc);
  }
  if (callee.kind === 'member') {
    const obj = evaluate(callee.object, scope, st);
    if (isError(obj)) return obj;
    if (obj instanceof RNamespace) {
      if (obj.name === 'firestore') return crossService(callee.property, args, e.loc, st);
      return located(callFunction(`${obj.name}.${callee.property}`, args), e.loc);
    }
    const receiver = known(obj, callee.loc);
    if (isError(receiver)) return receiver;
    return located(callMethod(receiver, callee.property, args), e.loc);
  }
  return err('Only functions and methods can be called.', e.loc);
}

function callUser(
  closure: Closure,
  args: Value[],
  e: Extract<Expr, { kind: 'call' }>,
  scope: Scope,
  st: EvalState,
): Out {
  const { decl } = closure;
  if (scope.calling.has(decl))
    return err(`Function ${decl.name} calls itself; recursion is not allowed.`, e.loc);
  if (scope.depth + 1 > LIMITS.callDepth)
    return err(`Function calls nest deeper than ${String(LIMITS.callDepth)}.`, e.loc);
  if (args.length !== decl.params.length)
    return err(
      `Function ${decl.name} takes ${String(decl.params.length)} arguments, got ${String(args.length)}.`,
      e.loc,
    );
  // The body sees the function's own scope (where it was declared), one call deeper.
  const inner = closure.scope.call(decl, scope.calling, scope.depth);
  decl.params.forEach((p, i) => inner.set(p, args[i] ?? null));
  for (const binding of decl.lets) {
    const v = evaluate(binding.value, inner, st);
    if (isError(v)) return v;
    inner.set(binding.name, v);
  }
  st.bodies.set(e, decl.result);
  return evaluate(decl.result, inner, st);
}

function pathArg(args: RValue[], name: string, loc: Loc): RPath | RError {
  const p = args[0];
  if (args.length !== 1 || !(p instanceof RPath)) return err(`${name}() takes one path.`, loc);
  return p;
}

function access(name: string, args: RValue[], loc: Loc, st: EvalState): Result {
  const path = pathArg(args, name, loc);
  if (isError(path)) return path;
  const after = name.endsWith('After');
  const key = `${after ? 'after' : 'before'}:${path.toString()}`;
  let doc = st.cache.get(key);
  if (doc === undefined) {
    const over = overLimit(st);
    if (over) return err(over, loc);
    doc = st.access.get(path, after);
    st.cache.set(key, doc);
    st.calls.log.push({
      function: name,
      path: path.toString(),
      line: loc.line,
      column: loc.column,
      result: outcome(doc),
    });
  }
  if (isError(doc)) return err(doc.message, loc);
  if (name.startsWith('exists')) return doc !== null;
  return doc;
}

function crossService(method: string, args: RValue[], loc: Loc, st: EvalState): Result {
  if (method !== 'get' && method !== 'exists')
    return err(`firestore.${method} is not a function.`, loc);
  const lookup = st.access.crossService;
  if (!lookup) return err('firestore.get and firestore.exists are only for Storage rules.', loc);
  const path = pathArg(args, `firestore.${method}`, loc);
  if (isError(path)) return path;
  const key = `firestore:${path.toString()}`;
  let doc = st.cache.get(key);
  if (doc === undefined) {
    const over = overLimit(st);
    if (over) return err(over, loc);
    doc = lookup(path);
    st.cache.set(key, doc);
    st.calls.log.push({
      function: `firestore.${method}`,
      path: path.toString(),
      line: loc.line,
      column: loc.column,
      result: outcome(doc),
    });
  }
  if (isError(doc)) return err(doc.message, loc);
  return method === 'exists' ? doc !== null : doc;
}

/** A state for the next request of the same batch: a fresh trace, the same access-call budget. */
export function continueState(prev: EvalState): EvalState {
  return {
    ...prev,
    own: { count: 0 },
    debug: [],
    expressions: 0,
    results: new Map(),
    bodies: new Map(),
  };
}

/** Counts one access call; the limit it broke, if any (the batch's, or this request's own 10). */
function overLimit(st: EvalState): string | undefined {
  if (++st.calls.count > st.maxAccessCalls)
    return `Exceeded the limit of ${String(st.maxAccessCalls)} get/exists calls.`;
  if (++st.own.count > LIMITS.accessCalls)
    return `Exceeded the limit of ${String(LIMITS.accessCalls)} get/exists calls for one write of the batch.`;
  return undefined;
}

function outcome(doc: Result): string {
  if (isError(doc)) return doc.message;
  return doc === null ? 'missing' : 'found';
}
