// The syntax tree of a security rules file (Firestore's or Storage's), as the parser produces it.
// Every node carries where it starts and ends in the source, so denials, traces and coverage can
// point at the exact condition.

/** A position: 1-based line and column, 0-based offsets into the source (end exclusive). */
export interface Loc {
  readonly line: number;
  readonly column: number;
  readonly start: number;
  readonly end: number;
}

export const SERVICE_NAMES = ['cloud.firestore', 'firebase.storage'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

export interface RulesFile {
  /** '1' when the file declares none. */
  readonly version: '1' | '2';
  readonly services: readonly ServiceDecl[];
  readonly source: string;
}

export interface ServiceDecl {
  readonly name: ServiceName;
  readonly body: Block;
  readonly loc: Loc;
}

/** What a service or match block declares, each kind in source order. */
export interface Block {
  readonly functions: readonly FunctionDecl[];
  readonly matches: readonly MatchDecl[];
  readonly allows: readonly AllowDecl[];
}

export type PathSegment =
  | { readonly kind: 'literal'; readonly value: string }
  /** `{name}`: exactly one segment */
  | { readonly kind: 'variable'; readonly name: string }
  /** `{name=**}`: the rest of the path (v1: one or more segments, at the end; v2: zero or more) */
  | { readonly kind: 'rest'; readonly name: string };

export interface MatchDecl {
  readonly segments: readonly PathSegment[];
  readonly body: Block;
  readonly loc: Loc;
}

export interface FunctionDecl {
  readonly name: string;
  readonly params: readonly string[];
  readonly lets: readonly { readonly name: string; readonly value: Expr; readonly loc: Loc }[];
  readonly result: Expr;
  readonly loc: Loc;
}

/** The methods an `allow` may name, in the order the reference lists them. */
export const ALLOW_METHODS = [
  'read',
  'write',
  'get',
  'list',
  'create',
  'update',
  'delete',
] as const;
export type AllowMethod = (typeof ALLOW_METHODS)[number];

export interface AllowDecl {
  readonly methods: readonly AllowMethod[];
  /** Absent for `allow read;`, which allows unconditionally. */
  readonly condition: Expr | undefined;
  readonly loc: Loc;
}

export type BinaryOp =
  '||' | '&&' | '==' | '!=' | '<' | '<=' | '>' | '>=' | 'in' | '+' | '-' | '*' | '/' | '%';

/** One segment of a path literal such as `/databases/$(database)/documents/users/$(uid)`. */
export type PathExprSegment =
  | { readonly kind: 'text'; readonly value: string }
  /** `$(expr)`: a string becomes one segment, a path its segments */
  | { readonly kind: 'interpolation'; readonly expr: Expr };

export type Expr =
  | {
      readonly kind: 'literal';
      /** null, bool, int (bigint), float (number), string, or bytes (`b'...'`) */
      readonly value: null | boolean | bigint | number | string | Uint8Array;
      readonly loc: Loc;
    }
  | { readonly kind: 'identifier'; readonly name: string; readonly loc: Loc }
  | { readonly kind: 'member'; readonly object: Expr; readonly property: string; readonly loc: Loc }
  | { readonly kind: 'index'; readonly object: Expr; readonly index: Expr; readonly loc: Loc }
  /** `x[a:b]` on lists and strings; either bound may be absent */
  | {
      readonly kind: 'slice';
      readonly object: Expr;
      readonly from: Expr | undefined;
      readonly to: Expr | undefined;
      readonly loc: Loc;
    }
  /** A call: `f(x)` has an identifier callee, `a.b(x)` a member callee (a method call). */
  | {
      readonly kind: 'call';
      readonly callee: Expr;
      readonly args: readonly Expr[];
      readonly loc: Loc;
    }
  | { readonly kind: 'unary'; readonly op: '!' | '-'; readonly operand: Expr; readonly loc: Loc }
  | {
      readonly kind: 'binary';
      readonly op: BinaryOp;
      readonly left: Expr;
      readonly right: Expr;
      readonly loc: Loc;
    }
  /** `x is string`: `type` as written (bool, int, float, number, string, bytes, list, map, ...) */
  | { readonly kind: 'is'; readonly value: Expr; readonly type: string; readonly loc: Loc }
  | {
      readonly kind: 'ternary';
      readonly test: Expr;
      readonly consequent: Expr;
      readonly alternate: Expr;
      readonly loc: Loc;
    }
  | { readonly kind: 'list'; readonly items: readonly Expr[]; readonly loc: Loc }
  | {
      readonly kind: 'map';
      readonly entries: readonly { readonly key: Expr; readonly value: Expr }[];
      readonly loc: Loc;
    }
  | { readonly kind: 'path'; readonly segments: readonly PathExprSegment[]; readonly loc: Loc };

/** A rules file that does not parse or does not make sense, with where. */
export class RulesSyntaxError extends Error {
  readonly line: number;
  readonly column: number;
  constructor(message: string, line: number, column: number) {
    super(`${String(line)}:${String(column)}: ${message}`);
    this.name = 'RulesSyntaxError';
    this.line = line;
    this.column = column;
  }
}
