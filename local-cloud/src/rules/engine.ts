// Decides one request against a parsed rules file: the match blocks its path falls under, the
// allow statements that cover its method, and, when none allows, a message naming the first
// false or erroring condition of each with its line and column, plus what debug() printed.
import type {
  AllowDecl,
  AllowMethod,
  Block,
  Expr,
  RulesFile,
  ServiceDecl,
  ServiceName,
} from './ast.ts';
import { RPartialMap, RUnknown, Scope, evaluate, newState } from './evaluate.ts';
import type { AccessCall, AccessProvider, EvalState, Value } from './evaluate.ts';
import { displayPath, matchPath } from './match.ts';
import { conditionText } from './parser.ts';
import { isError, show } from './values.ts';
import type { RError } from './values.ts';

export type RequestMethod = 'get' | 'list' | 'create' | 'update' | 'delete';

export interface RulesRequest {
  readonly method: RequestMethod;
  /** The path below the service root: databases/(default)/documents/... or b/{bucket}/o/... */
  readonly path: readonly string[];
  /** `request`, `resource` and any other variable the rules may read. */
  readonly variables: ReadonlyMap<string, Value>;
}

/** One evaluated condition of a trace: where it is, its text and what it evaluated to. */
export interface TraceStep {
  readonly line: number;
  readonly column: number;
  readonly text: string;
  readonly value: string;
}

/** One allow statement's verdict, for traces and coverage. */
export interface AllowEvaluation {
  readonly allow: AllowDecl;
  readonly result: 'true' | 'false' | 'error';
  /**
   * Every condition evaluated for it (comparisons, calls, `&&`/`||`, `!`), in source order; worked
   * out when asked, so that deciding a request costs nothing for a trace nobody reads.
   */
  readonly trace: () => readonly TraceStep[];
  /** The first false or erroring condition inside it (for a false or error result). */
  readonly culprit?: {
    readonly text: string;
    readonly line: number;
    readonly column: number;
    readonly detail: string;
  };
}

export interface Decision {
  readonly allowed: boolean;
  readonly method: RequestMethod;
  readonly path: string;
  readonly evaluations: readonly AllowEvaluation[];
  readonly debug: readonly string[];
  /** The get()/exists() calls the decision made, with what each found. */
  readonly calls: readonly AccessCall[];
  /** Empty when allowed; otherwise what the PERMISSION_DENIED message says after its prefix. */
  readonly reason: string;
}

const TRACED = new Set<Expr['kind']>(['binary', 'unary', 'call', 'is', 'ternary']);

function shown(v: Value | RError): string {
  if (v instanceof RUnknown) return `unknown (${v.reason})`;
  if (v instanceof RPartialMap) return 'a map known only through the query';
  return show(v);
}

const COVERS: Record<AllowMethod, readonly RequestMethod[]> = {
  read: ['get', 'list'],
  write: ['create', 'update', 'delete'],
  get: ['get'],
  list: ['list'],
  create: ['create'],
  update: ['update'],
  delete: ['delete'],
};

/** Counts, per allow statement, how often it was true, false and an error. */
export class Coverage {
  readonly counts = new Map<AllowDecl, { true: number; false: number; error: number }>();
  record(e: AllowEvaluation): void {
    const c = this.counts.get(e.allow) ?? { true: 0, false: 0, error: 0 };
    c[e.result]++;
    this.counts.set(e.allow, c);
  }
  clear(): void {
    this.counts.clear();
  }
}

/** A parsed rules file for one service, ready to decide requests. */
export class Ruleset {
  readonly file: RulesFile;
  readonly service: ServiceDecl;
  readonly coverage = new Coverage();

  constructor(file: RulesFile, service: ServiceName) {
    const decl = file.services.find((s) => s.name === service);
    if (!decl) throw new Error(`The rules declare no service ${service}.`);
    this.file = file;
    this.service = decl;
  }

  /** Every allow statement of the file, for coverage reports. */
  allows(): AllowDecl[] {
    const out: AllowDecl[] = [];
    const walk = (b: Block): void => {
      out.push(...b.allows);
      for (const m of b.matches) walk(m.body);
    };
    walk(this.service.body);
    return out;
  }

  /** A condition's source text on one line, for messages and traces. */
  text(e: Expr): string {
    return conditionText(this.file, e).replace(/\s+/g, ' ');
  }

  /**
   * Decides `request`. `state` carries the access-call budget across the requests of one batch;
   * a fresh one is made for a single request.
   */
  decide(request: RulesRequest, access: AccessProvider, state?: EvalState): Decision {
    const st = state ?? newState(access);
    const root = new Scope();
    for (const [k, v] of request.variables) root.set(k, v);
    const evaluations: AllowEvaluation[] = [];
    let allowed = false;
    const path = '/' + request.path.join('/');
    outer: for (const matched of matchPath(this.service.body, request.path, this.file.version)) {
      let scope = root;
      for (const f of this.service.body.functions) scope.define(f);
      matched.chain.forEach((m, i) => {
        scope = new Scope(scope);
        for (const [k, v] of matched.bindings[i] ?? []) scope.set(k, v);
        for (const f of m.body.functions) scope.define(f);
      });
      const block = matched.chain.at(-1)?.body;
      for (const allow of block?.allows ?? []) {
        if (!allow.methods.some((m) => COVERS[m].includes(request.method))) continue;
        const evaluation = this.evaluateAllow(allow, scope, st);
        evaluations.push(evaluation);
        this.coverage.record(evaluation);
        if (evaluation.result === 'true') {
          allowed = true;
          break outer;
        }
      }
    }
    return {
      allowed,
      method: request.method,
      path,
      evaluations,
      debug: st.debug,
      calls: [...st.calls.log],
      reason: allowed ? '' : this.reason(request.method, path, evaluations, st.debug),
    };
  }

  private evaluateAllow(allow: AllowDecl, scope: Scope, st: EvalState): AllowEvaluation {
    if (!allow.condition) return { allow, result: 'true', trace: () => [] };
    const from = st.results.size;
    const out = evaluate(allow.condition, scope, st);
    const to = st.results.size;
    const trace = (): TraceStep[] => this.trace(st, from, to);
    if (out === true) return { allow, result: 'true', trace };
    const result = isError(out) ? 'error' : 'false';
    const culprit = this.culprit(allow.condition, st);
    const value = st.results.get(culprit);
    const detail =
      value === undefined
        ? 'not evaluated'
        : isError(value)
          ? value.message
          : value instanceof RUnknown
            ? value.reason
            : value instanceof RPartialMap
              ? 'a map known only through the query'
              : typeof value === 'boolean'
                ? String(value)
                : `not a bool: ${show(value)}`;
    return {
      allow,
      result,
      trace,
      culprit: {
        text: this.text(culprit),
        line: culprit.loc.line,
        column: culprit.loc.column,
        detail,
      },
    };
  }

  /**
   * The conditions this allow evaluated first (entries `from` to `to` of the results, which keep
   * their first evaluation's place), in source order.
   */
  private trace(st: EvalState, from: number, to: number): TraceStep[] {
    const steps: TraceStep[] = [];
    let i = 0;
    for (const [e, value] of st.results) {
      if (i++ < from) continue;
      if (i > to) break;
      if (!TRACED.has(e.kind)) continue;
      steps.push({
        line: e.loc.line,
        column: e.loc.column,
        text: this.text(e),
        value: shown(value),
      });
    }
    return steps.sort((a, b) => a.line - b.line || a.column - b.column);
  }

  /** The first false or erroring condition: down `&&` chains and into user functions' bodies. */
  private culprit(e: Expr, st: EvalState): Expr {
    const bad = (x: Expr): boolean => {
      const r = st.results.get(x);
      return r !== true;
    };
    if (e.kind === 'binary' && e.op === '&&')
      return this.culprit(bad(e.left) ? e.left : e.right, st);
    if (e.kind === 'call') {
      const body = st.bodies.get(e);
      if (body) return this.culprit(body, st);
    }
    return e;
  }

  private reason(
    method: RequestMethod,
    path: string,
    evaluations: readonly AllowEvaluation[],
    debug: readonly string[],
  ): string {
    const parts =
      evaluations.length === 0
        ? [`no allow statement covers '${method}' at ${path}`]
        : evaluations.map(
            (e) =>
              `${e.result} for '${method}' @ L${String(e.culprit?.line ?? e.allow.loc.line)}:${String(e.culprit?.column ?? e.allow.loc.column)} (${e.culprit?.text ?? ''})${e.result === 'error' ? `: ${e.culprit?.detail ?? ''}` : ''}`,
          );
    const shown = displayPath(path);
    return `${method} ${shown}: ${parts.join('; ')}${debug.length > 0 ? `; debug: ${debug.join(' | ')}` : ''}`;
  }
}
