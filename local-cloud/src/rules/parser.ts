// Turns a firestore.rules / storage.rules text into the RulesFile of ast.ts, or a RulesSyntaxError
// with the line and column of what is wrong. The grammar is grammar.peggy beside this file; its
// parser is generated at first use (local-cloud has no build step) and kept for the process.
import { readFileSync } from 'node:fs';
import peggy from 'peggy';
import type {
  AllowDecl,
  AllowMethod,
  Block,
  Expr,
  FunctionDecl,
  Loc,
  MatchDecl,
  PathSegment,
  RulesFile,
  ServiceDecl,
  ServiceName,
} from './ast.ts';
import { ALLOW_METHODS, RulesSyntaxError, SERVICE_NAMES } from './ast.ts';

/**
 * The largest rules file Firebase accepts: "a 256 KB limit on the size of the ruleset text source
 * published from the Firebase console or from the CLI using firebase deploy" (Security Rules
 * limits, firebase.google.com/docs/firestore/security/rules-structure#security_rule_limits). Counted
 * in UTF-8 bytes, as the text is sent.
 */
export const MAX_RULES_SOURCE_BYTES = 256 * 1024;

/**
 * How deep brackets may nest. Firebase documents no such limit; this one is local-cloud's, far
 * above any real rules file and far below the depth at which the recursive parser would exhaust
 * the stack (each bracket costs about a dozen frames).
 */
export const MAX_NESTING = 100;

/** Parses a rules file; throws the first RulesSyntaxError in source order. */
export function parseRules(source: string): RulesFile {
  const { file, errors } = analyse(source);
  const first = errors[0];
  if (first !== undefined) throw first;
  if (file === undefined) throw new Error('the rules file neither parsed nor failed to');
  return file;
}

/**
 * Every error of a rules file, in source order: the syntax error if it does not parse (there is
 * then only that one, as parsing stops there), otherwise every static error. Empty when it is fine.
 */
export function rulesErrors(source: string): RulesSyntaxError[] {
  return analyse(source).errors;
}

/** The source text of an expression, as written. */
export function conditionText(file: RulesFile, expr: Expr): string {
  return file.source.slice(expr.loc.start, expr.loc.end);
}

// ---------------------------------------------------------------------------------------------

let generated: peggy.Parser | undefined;

function parser(): peggy.Parser {
  generated ??= peggy.generate(readFileSync(new URL('./grammar.peggy', import.meta.url), 'utf8'), {
    output: 'parser',
  });
  return generated;
}

interface Problem {
  readonly message: string;
  readonly at: number;
  readonly line: number;
  readonly column: number;
}

function analyse(source: string): { file: RulesFile | undefined; errors: RulesSyntaxError[] } {
  const problems: Problem[] = [];
  const tooLarge = sizeProblem(source);
  // Firebase refuses such a file before compiling it; parsing it all would only cost time.
  if (tooLarge !== undefined)
    return {
      file: undefined,
      errors: [new RulesSyntaxError(tooLarge.message, tooLarge.line, tooLarge.column)],
    };
  const tooDeep = nestingProblem(source);
  let file: RulesFile | undefined;
  if (tooDeep !== undefined) {
    problems.push(tooDeep);
  } else {
    try {
      const raw = parser().parse(source) as RawFile;
      file = build(raw, source, problems);
    } catch (error) {
      problems.push(syntaxProblem(error, source));
    }
  }
  problems.sort((a, b) => a.at - b.at);
  return {
    file: problems.length === 0 ? file : undefined,
    errors: problems.map((p) => new RulesSyntaxError(p.message, p.line, p.column)),
  };
}

function problemAt(source: string, at: number, message: string): Problem {
  const before = source.slice(0, at);
  const line = before.split('\n').length;
  const column = at - (before.lastIndexOf('\n') + 1) + 1;
  return { message, at, line, column };
}

function problemAtLoc(loc: Loc, message: string): Problem {
  return { message, at: loc.start, line: loc.line, column: loc.column };
}

function sizeProblem(source: string): Problem | undefined {
  const bytes = Buffer.byteLength(source, 'utf8');
  if (bytes <= MAX_RULES_SOURCE_BYTES) return undefined;
  // Where the limit is crossed: the first character whose bytes do not fit any more.
  let used = 0;
  let at = 0;
  for (const char of source) {
    used += Buffer.byteLength(char, 'utf8');
    if (used > MAX_RULES_SOURCE_BYTES) break;
    at += char.length;
  }
  return problemAt(
    source,
    at,
    `the rules file is ${bytes.toLocaleString('en-US')} bytes; Firebase accepts at most ` +
      `${MAX_RULES_SOURCE_BYTES.toLocaleString('en-US')} (256 KB)`,
  );
}

/** Brackets nested deeper than MAX_NESTING, skipping strings and comments as the grammar does. */
function nestingProblem(source: string): Problem | undefined {
  let depth = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    const next = source[i + 1];
    if (c === '/' && next === '/') {
      while (i < source.length && source[i] !== '\n') i++;
    } else if (c === '/' && next === '*') {
      const end = source.indexOf('*/', i + 2);
      if (end < 0) return undefined; // the parser reports the unterminated comment
      i = end + 1;
    } else if (c === "'" || c === '"') {
      for (i++; i < source.length && source[i] !== c && source[i] !== '\n'; i++) {
        if (source[i] === '\\') i++;
      }
    } else if (c === '(' || c === '[' || c === '{') {
      depth++;
      if (depth > MAX_NESTING) {
        return problemAt(source, i, `brackets nested more than ${String(MAX_NESTING)} deep`);
      }
    } else if (c === ')' || c === ']' || c === '}') {
      depth = Math.max(0, depth - 1);
    }
  }
  return undefined;
}

// What peggy throws, reduced to what the message needs.
interface PeggyError {
  message: string;
  expected: PeggyExpectation[] | null;
  location: { start: { offset: number; line: number; column: number } };
}
type PeggyExpectation =
  | { type: 'literal'; text: string }
  | { type: 'other'; description: string }
  | { type: 'end' }
  | { type: 'class' }
  | { type: 'any' };

function isPeggyError(error: unknown): error is PeggyError {
  return error instanceof Error && error.name === 'SyntaxError' && 'location' in error;
}

function syntaxProblem(error: unknown, source: string): Problem {
  if (error instanceof RangeError) {
    // A backstop for stack exhaustion that the nesting check did not foresee.
    return problemAt(source, 0, 'the rules file is nested too deeply to parse');
  }
  if (!isPeggyError(error)) throw error;
  const { offset, line, column } = error.location.start;
  // Raised by the grammar's own checks (error()): already a sentence.
  if (error.expected === null) return { message: error.message, at: offset, line, column };
  return { message: expectedMessage(error.expected, source, offset), at: offset, line, column };
}

/** Peggy's `Expected "a", "b", or [^x] but "c" found.` as `expected "a" or "b" but found "cd"`. */
function expectedMessage(expected: PeggyExpectation[], source: string, at: number): string {
  const described = new Set<string>();
  for (const e of expected) {
    if (e.type === 'literal') described.add(JSON.stringify(e.text));
    else if (e.type === 'other') described.add(e.description);
    else if (e.type === 'end') described.add('end of input');
  }
  collapse(described);
  const list = [...described].sort((a, b) => order(a) - order(b) || a.localeCompare(b));
  const what =
    list.length === 0
      ? 'something else'
      : list.length === 1
        ? String(list[0])
        : `${list.slice(0, -1).join(', ')} or ${String(list[list.length - 1])}`;
  return `expected ${what} but found ${foundText(source, at)}`;
}

// Where an operand may start, every way to start one is expected; after an operand, every
// operator. Both read better as one word.
const OPERAND_STARTS = ['"."', '"\'"', '"\\""', '"("', '"["', '"{"', '"/"', '"0"', '"!"', '"-"'];
const OPERAND_WORDS = ['"false"', '"null"', '"true"', 'an identifier'];
const OPERATORS = ['"?"', '"."', '"("', '"["', '"&&"', '"||"', '"is"'];

function collapse(described: Set<string>): void {
  if (described.has('"true"')) {
    for (const token of [...OPERAND_STARTS, ...OPERAND_WORDS]) described.delete(token);
    described.add('an expression');
  } else if (described.has('an operator')) {
    for (const token of OPERATORS) described.delete(token);
  }
}

// Descriptions ("an expression") after the tokens they stand beside, end of input last.
function order(description: string): number {
  if (description === 'end of input') return 2;
  return description.startsWith('"') ? 0 : 1;
}

function foundText(source: string, at: number): string {
  if (at >= source.length) return 'end of input';
  const char = source[at];
  if (char === '\n' || char === '\r') return 'end of line';
  const word = /^[A-Za-z0-9_]+/.exec(source.slice(at, at + 40));
  return JSON.stringify(word === null ? char : word[0]);
}

// ---------------------------------------------------------------------------------------------
// What the grammar returns, and the checks that need the whole file.

interface Named {
  readonly name: string;
  readonly loc: Loc;
}
interface RawFile {
  readonly version: { readonly value: string; readonly loc: Loc } | null;
  readonly services: readonly RawService[];
}
interface RawService {
  readonly name: string;
  readonly nameLoc: Loc;
  readonly body: readonly RawItem[];
  readonly loc: Loc;
}
type RawSegment = PathSegment & { readonly loc: Loc };
type RawItem =
  | {
      readonly type: 'function';
      readonly name: string;
      readonly nameLoc: Loc;
      readonly params: readonly Named[];
      readonly lets: readonly {
        readonly name: string;
        readonly nameLoc: Loc;
        readonly value: Expr;
        readonly loc: Loc;
      }[];
      readonly result: Expr;
      readonly loc: Loc;
    }
  | {
      readonly type: 'match';
      readonly segments: readonly RawSegment[];
      readonly body: readonly RawItem[];
      readonly loc: Loc;
    }
  | {
      readonly type: 'allow';
      readonly methods: readonly Named[];
      readonly condition: Expr | undefined;
      readonly loc: Loc;
    };

function build(raw: RawFile, source: string, problems: Problem[]): RulesFile {
  let version: '1' | '2' = '1';
  if (raw.version !== null) {
    const { value, loc } = raw.version;
    if (value === '1' || value === '2') version = value;
    else problems.push(problemAtLoc(loc, `rules_version must be '1' or '2', not ${quote(value)}`));
  }
  const services: ServiceDecl[] = [];
  const seen = new Map<string, Loc>();
  for (const service of raw.services) {
    const earlier = seen.get(service.name);
    if (earlier !== undefined) {
      problems.push(
        problemAtLoc(
          service.nameLoc,
          `service ${service.name} is already declared on line ${String(earlier.line)}`,
        ),
      );
    }
    seen.set(service.name, service.nameLoc);
    if (!isServiceName(service.name)) {
      problems.push(
        problemAtLoc(
          service.nameLoc,
          `unknown service ${service.name}: expected cloud.firestore or firebase.storage`,
        ),
      );
    }
    for (const item of service.body) {
      if (item.type === 'allow') {
        problems.push(problemAtLoc(item.loc, 'an allow statement must be inside a match block'));
      }
    }
    services.push({
      name: service.name as ServiceName,
      body: block(service.body, version, problems),
      loc: service.loc,
    });
  }
  return { version, services, source };
}

function isServiceName(name: string): name is ServiceName {
  return (SERVICE_NAMES as readonly string[]).includes(name);
}

function block(items: readonly RawItem[], version: '1' | '2', problems: Problem[]): Block {
  const functions: FunctionDecl[] = [];
  const matches: MatchDecl[] = [];
  const allows: AllowDecl[] = [];
  const declared = new Map<string, Loc>();
  for (const item of items) {
    if (item.type === 'function') {
      const earlier = declared.get(item.name);
      if (earlier !== undefined) {
        problems.push(
          problemAtLoc(
            item.nameLoc,
            `function ${item.name} is already declared in this block, on line ${String(earlier.line)}`,
          ),
        );
      } else {
        declared.set(item.name, item.nameLoc);
      }
      const params = new Set<string>();
      for (const param of item.params) {
        if (params.has(param.name)) {
          problems.push(
            problemAtLoc(param.loc, `parameter ${param.name} of ${item.name} is declared twice`),
          );
        }
        params.add(param.name);
      }
      functions.push({
        name: item.name,
        params: item.params.map((p) => p.name),
        lets: item.lets.map(({ name, value, loc }) => ({ name, value, loc })),
        result: item.result,
        loc: item.loc,
      });
    } else if (item.type === 'match') {
      checkMatchPath(item.segments, version, problems);
      matches.push({
        segments: item.segments.map(segment),
        body: block(item.body, version, problems),
        loc: item.loc,
      });
    } else {
      for (const method of item.methods) {
        if (!(ALLOW_METHODS as readonly string[]).includes(method.name)) {
          problems.push(
            problemAtLoc(
              method.loc,
              `unknown method ${method.name}: expected ${ALLOW_METHODS.join(', ')}`,
            ),
          );
        }
      }
      allows.push({
        methods: item.methods.map((m) => m.name as AllowMethod),
        condition: item.condition,
        loc: item.loc,
      });
    }
  }
  return { functions, matches, allows };
}

function checkMatchPath(
  segments: readonly RawSegment[],
  version: '1' | '2',
  problems: Problem[],
): void {
  let rest: RawSegment | undefined;
  segments.forEach((s, i) => {
    if (s.kind !== 'rest') return;
    if (rest !== undefined) {
      problems.push(problemAtLoc(s.loc, `a match path may hold only one {name=**} wildcard`));
    } else if (version === '1' && i !== segments.length - 1) {
      problems.push(
        problemAtLoc(
          s.loc,
          `{${s.name}=**} must be the last segment of the path under rules_version '1' ` +
            `(rules_version '2' allows it anywhere)`,
        ),
      );
    }
    rest = s;
  });
}

function segment(s: RawSegment): PathSegment {
  return s.kind === 'literal' ? { kind: s.kind, value: s.value } : { kind: s.kind, name: s.name };
}

function quote(value: string): string {
  return `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}
