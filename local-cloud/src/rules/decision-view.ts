// A recorded decision as JSON for tools and the console: the request, the verdict, and each allow
// statement that applied with its place, its result and its first false or erroring condition.
import type { AccessCall } from './evaluate.ts';
import { displayPath } from './match.ts';
import type { RecordedDecision } from './rules-holder.ts';

export interface DecisionView {
  readonly service: string;
  readonly project: string;
  readonly time: string;
  readonly uid: string | null;
  readonly method: string;
  readonly path: string;
  readonly allowed: boolean;
  readonly reason: string;
  readonly debug: readonly string[];
  readonly calls: readonly AccessCall[];
  readonly allows: readonly {
    readonly line: number;
    readonly column: number;
    readonly methods: readonly string[];
    readonly result: string;
    readonly trace: readonly {
      readonly line: number;
      readonly column: number;
      readonly text: string;
      readonly value: string;
    }[];
    readonly culprit?: {
      readonly text: string;
      readonly line: number;
      readonly column: number;
      readonly detail: string;
    };
  }[];
}

export function decisionView(d: RecordedDecision): DecisionView {
  return {
    service: d.service,
    project: d.project,
    time: d.time,
    uid: d.uid,
    method: d.method,
    path: displayPath(d.path),
    allowed: d.allowed,
    reason: d.reason,
    debug: d.debug,
    calls: d.calls,
    allows: d.evaluations.map((e) => ({
      line: e.allow.loc.line,
      column: e.allow.loc.column,
      methods: e.allow.methods,
      result: e.result,
      trace: e.trace(),
      ...(e.culprit ? { culprit: e.culprit } : {}),
    })),
  };
}
