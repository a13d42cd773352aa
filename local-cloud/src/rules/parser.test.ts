import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Expr, RulesFile } from './ast.ts';
import { RulesSyntaxError } from './ast.ts';
import { conditionText, MAX_RULES_SOURCE_BYTES, parseRules, rulesErrors } from './parser.ts';

const ROOT = new URL('../../../', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, ROOT), 'utf8');

const PREFIX = 'service cloud.firestore { match /a { allow read: if ';

function conditionOf(file: RulesFile): Expr {
  const condition = file.services[0]?.body.matches[0]?.body.allows[0]?.condition;
  if (condition === undefined) throw new Error('no condition');
  return condition;
}

/** The condition of `allow read: if <source>;` and the file it is in. */
function parseExpr(source: string): { expr: Expr; file: RulesFile } {
  const file = parseRules(`${PREFIX}${source}; } }`);
  return { expr: conditionOf(file), file };
}

/** An expression as an S-expression, to compare structure without locations. */
function show(e: Expr): string {
  switch (e.kind) {
    case 'literal':
      if (typeof e.value === 'bigint') return `${e.value.toString()}n`;
      if (e.value instanceof Uint8Array) return `b[${[...e.value].join(',')}]`;
      return JSON.stringify(e.value);
    case 'identifier':
      return e.name;
    case 'member':
      return `(. ${show(e.object)} ${e.property})`;
    case 'index':
      return `([] ${show(e.object)} ${show(e.index)})`;
    case 'slice':
      return `([:] ${show(e.object)} ${e.from ? show(e.from) : '_'} ${e.to ? show(e.to) : '_'})`;
    case 'call':
      return `(call ${show(e.callee)}${e.args.map((a) => ` ${show(a)}`).join('')})`;
    case 'unary':
      return `(${e.op} ${show(e.operand)})`;
    case 'binary':
      return `(${e.op} ${show(e.left)} ${show(e.right)})`;
    case 'is':
      return `(is ${show(e.value)} ${e.type})`;
    case 'ternary':
      return `(? ${show(e.test)} ${show(e.consequent)} ${show(e.alternate)})`;
    case 'list':
      return `[${e.items.map(show).join(' ')}]`;
    case 'map':
      return `{${e.entries.map(({ key, value }) => `${show(key)}: ${show(value)}`).join(', ')}}`;
    case 'path':
      return `(path${e.segments.map((s) => ` ${s.kind === 'text' ? s.value : `$(${show(s.expr)})`}`).join('')})`;
  }
}

const showExpr = (source: string) => show(parseExpr(source).expr);

/** Every node of an expression, outermost first. */
function nodes(e: Expr): Expr[] {
  const children: Expr[] = [];
  switch (e.kind) {
    case 'member':
      children.push(e.object);
      break;
    case 'index':
      children.push(e.object, e.index);
      break;
    case 'slice':
      children.push(e.object, ...(e.from ? [e.from] : []), ...(e.to ? [e.to] : []));
      break;
    case 'call':
      children.push(e.callee, ...e.args);
      break;
    case 'unary':
      children.push(e.operand);
      break;
    case 'binary':
      children.push(e.left, e.right);
      break;
    case 'is':
      children.push(e.value);
      break;
    case 'ternary':
      children.push(e.test, e.consequent, e.alternate);
      break;
    case 'list':
      children.push(...e.items);
      break;
    case 'map':
      for (const { key, value } of e.entries) children.push(key, value);
      break;
    case 'path':
      for (const s of e.segments) if (s.kind === 'interpolation') children.push(s.expr);
      break;
    default:
      break;
  }
  return [e, ...children.flatMap(nodes)];
}

/** The error of parsing `source`, as `line:column: message`. */
function errorOf(source: string): string {
  try {
    parseRules(source);
  } catch (error) {
    expect(error).toBeInstanceOf(RulesSyntaxError);
    return (error as RulesSyntaxError).message;
  }
  throw new Error('parsed without error');
}

describe('the project’s own rules', () => {
  it('parses firestore.rules', () => {
    const file = parseRules(read('firestore.rules'));
    expect(file.version).toBe('2');
    expect(file.services.map((s) => s.name)).toEqual(['cloud.firestore']);
    const documents = file.services[0]?.body.matches[0];
    expect(documents?.segments).toEqual([
      { kind: 'literal', value: 'databases' },
      { kind: 'variable', name: 'database' },
      { kind: 'literal', value: 'documents' },
    ]);
    expect(documents?.body.functions.map((f) => f.name)).toEqual([
      'signedIn',
      'isSelf',
      'isMemberOf',
      'isDeviceMember',
      'isDeviceAdmin',
    ]);
    const users = documents?.body.matches[0];
    expect(users?.body.allows[0]?.methods).toEqual(['get']);
    expect(users?.body.matches.map((m) => m.segments[0])).toEqual([
      { kind: 'literal', value: 'pushTokens' },
      { kind: 'literal', value: 'notifications' },
    ]);
    const update = users?.body.matches[1]?.body.allows[1];
    expect(update?.methods).toEqual(['update']);
    expect(conditionText(file, update?.condition as Expr)).toMatch(
      /^isSelf\(uid\)\n\s+&& request.resource.data.diff[\s\S]*== request.time$/,
    );
  });

  it('parses storage.rules', () => {
    const file = parseRules(read('storage.rules'));
    expect(file.services.map((s) => s.name)).toEqual(['firebase.storage']);
    const bucket = file.services[0]?.body.matches[0];
    const images = bucket?.body.matches[2];
    expect(images?.segments.at(-1)).toEqual({ kind: 'rest', name: 'path' });
    const member = bucket?.body.functions.find((f) => f.name === 'isDeviceMember');
    const text = conditionText(file, member?.result as Expr);
    expect(text).toMatch(/^signedIn\(\)\n[\s\S]*\.data\.memberUids$/);
    const path = nodes(member?.result as Expr).find((n) => n.kind === 'path');
    expect(show(path as Expr)).toBe('(path databases (default) documents devices $(deviceId))');
  });

  it('gives every node a location whose text is the node', () => {
    for (const name of ['firestore.rules', 'storage.rules']) {
      const file = parseRules(read(name));
      const all: Expr[] = [];
      const walk = (body: RulesFile['services'][number]['body']) => {
        for (const f of body.functions) {
          all.push(...nodes(f.result), ...f.lets.flatMap((l) => nodes(l.value)));
          expect(file.source.slice(f.loc.start, f.loc.end)).toMatch(/^function [\s\S]*\}$/);
        }
        for (const a of body.allows) {
          if (a.condition) all.push(...nodes(a.condition));
          expect(file.source.slice(a.loc.start, a.loc.end)).toMatch(/^allow [\s\S]*;$/);
        }
        for (const m of body.matches) {
          expect(file.source.slice(m.loc.start, m.loc.end)).toMatch(/^match \/[\s\S]*\}$/);
          walk(m.body);
        }
      };
      for (const s of file.services) walk(s.body);
      expect(all.length).toBeGreaterThan(50);
      for (const node of all) {
        const text = file.source.slice(node.loc.start, node.loc.end);
        expect(text).toBe(text.trim());
        const before = file.source.slice(0, node.loc.start);
        expect(node.loc.line).toBe(before.split('\n').length);
        expect(node.loc.column).toBe(node.loc.start - before.lastIndexOf('\n'));
        if (node.kind === 'identifier') expect(text).toBe(node.name);
        if (node.kind === 'member') expect(text.endsWith(node.property)).toBe(true);
        if (node.kind === 'call') expect(text.endsWith(')')).toBe(true);
      }
    }
  });
});

describe('structure', () => {
  it('takes rules_version 1 or 2, and 1 when absent', () => {
    const body = 'service cloud.firestore { match /a/{b} { allow read; } }';
    expect(parseRules(body).version).toBe('1');
    expect(parseRules(`rules_version = '1';\n${body}`).version).toBe('1');
    expect(parseRules(`rules_version = "2";\n${body}`).version).toBe('2');
    expect(parseRules(`rules_version = '2'\n${body}`).version).toBe('2');
  });

  it('reads nested matches with literal, variable and rest segments', () => {
    const file = parseRules(`rules_version = '2';
service firebase.storage {
  match /b/{bucket}/o {
    match /{prefix=**}/thumbs/{name=*} {
      match /deeper/x.png { allow get, list; }
    }
  }
}`);
    const outer = file.services[0]?.body.matches[0];
    const inner = outer?.body.matches[0];
    expect(inner?.segments).toEqual([
      { kind: 'rest', name: 'prefix' },
      { kind: 'literal', value: 'thumbs' },
      { kind: 'variable', name: 'name' },
    ]);
    expect(inner?.body.matches[0]?.segments).toEqual([
      { kind: 'literal', value: 'deeper' },
      { kind: 'literal', value: 'x.png' },
    ]);
    expect(inner?.body.matches[0]?.body.allows[0]).toMatchObject({
      methods: ['get', 'list'],
      condition: undefined,
    });
    expect(inner?.loc).toMatchObject({ line: 4, column: 5 });
  });

  it('accepts a {rest=**} at the end of the path under rules_version 1', () => {
    const file = parseRules('service cloud.firestore { match /a/{rest=**} { allow read; } }');
    expect(file.services[0]?.body.matches[0]?.segments.at(-1)).toEqual({
      kind: 'rest',
      name: 'rest',
    });
  });

  it('reads functions with parameters, lets and a return, in service and match blocks', () => {
    const file = parseRules(`service cloud.firestore {
  function top() { return true }
  match /a/{id} {
    function f(a, b) {
      let sum = a + b;
      let twice = sum * 2;
      return twice > id;
    }
    allow write: if f(1, 2);
  }
}`);
    const service = file.services[0]?.body;
    expect(service?.functions[0]).toMatchObject({ name: 'top', params: [], lets: [] });
    const f = service?.matches[0]?.body.functions[0];
    expect(f?.params).toEqual(['a', 'b']);
    expect(f?.lets.map((l) => [l.name, show(l.value)])).toEqual([
      ['sum', '(+ a b)'],
      ['twice', '(* sum 2n)'],
    ]);
    expect(file.source.slice(f?.lets[0]?.loc.start, f?.lets[0]?.loc.end)).toBe('let sum = a + b;');
    expect(show(f?.result as Expr)).toBe('(> twice id)');
  });

  it('keeps each kind of declaration in source order', () => {
    const file = parseRules(`service cloud.firestore { match /a {
  allow read: if one();
  function one() { return 1; }
  match /b { allow read; }
  allow write: if two();
  function two() { return 2; }
  match /c { allow read; }
} }`);
    const body = file.services[0]?.body.matches[0]?.body;
    expect(body?.functions.map((f) => f.name)).toEqual(['one', 'two']);
    expect(body?.allows.map((a) => a.methods[0])).toEqual(['read', 'write']);
    expect(body?.matches.map((m) => m.segments[0])).toEqual([
      { kind: 'literal', value: 'b' },
      { kind: 'literal', value: 'c' },
    ]);
  });

  it('takes comments wherever whitespace may be', () => {
    const file = parseRules(`// leading
rules_version /* a */ = /* b */ '2' /* c */;
service /* d */ cloud.firestore // e
{ /* f */ match /a/{b} /* g */ { // h
    allow /* i */ read /* j */, /* k */ write /* l */ : /* m */ if /* n */ a /* o */ && // p
      b /* q */ / /* r */ c; /* s */
  } }
// trailing`);
    const allow = file.services[0]?.body.matches[0]?.body.allows[0];
    expect(allow?.methods).toEqual(['read', 'write']);
    expect(show(allow?.condition as Expr)).toBe('(&& a (/ b c))');
  });

  it('holds both services in one file', () => {
    const file = parseRules(
      'service cloud.firestore { match /a { allow read; } }\nservice firebase.storage { match /b { allow read; } }',
    );
    expect(file.services.map((s) => [s.name, s.loc.line])).toEqual([
      ['cloud.firestore', 1],
      ['firebase.storage', 2],
    ]);
  });
});

describe('precedence and associativity', () => {
  it.each([
    ['a || b && c', '(|| a (&& b c))'],
    ['a && b || c', '(|| (&& a b) c)'],
    ['a || b || c', '(|| (|| a b) c)'],
    ['a && b && c', '(&& (&& a b) c)'],
    ['a == b && c != d', '(&& (== a b) (!= c d))'],
    ['a < b == c', '(== (< a b) c)'],
    ['a + b < c * d', '(< (+ a b) (* c d))'],
    ['a - b - c', '(- (- a b) c)'],
    ['a / b / c', '(/ (/ a b) c)'],
    ['a + b * c % d', '(+ a (% (* b c) d))'],
    ['(a + b) * c', '(* (+ a b) c)'],
    ['a in b && c', '(&& (in a b) c)'],
    ['a + 1 in b', '(in (+ a 1n) b)'],
    ['x is string && y is map', '(&& (is x string) (is y map))'],
    ['a + b is int', '(is (+ a b) int)'],
    ['!a && b', '(&& (! a) b)'],
    ['!!a', '(! (! a))'],
    ['-a * b', '(* (- a) b)'],
    ['- -1', '(- (- 1n))'],
    ['!a.b(c)', '(! (call (. a b) c))'],
    ['a ? b : c', '(? a b c)'],
    ['a ? b : c ? d : e', '(? a b (? c d e))'],
    ['a ? b ? c : d : e', '(? a (? b c d) e)'],
    ['a || b ? c + d : e && f', '(? (|| a b) (+ c d) (&& e f))'],
    ['a.b.c', '(. (. a b) c)'],
    ['a[0][1]', '([] ([] a 0n) 1n)'],
    ['a.b[c].d(e)[f]', '([] (call (. ([] (. a b) c) d) e) f)'],
    ['f()', '(call f)'],
    ['a[1:2]', '([:] a 1n 2n)'],
    ['a[:2]', '([:] a _ 2n)'],
    ['a[1:]', '([:] a 1n _)'],
    ['a[:]', '([:] a _ _)'],
    ['resource.data.match', '(. (. resource data) match)'],
  ])('%s', (source, expected) => {
    expect(showExpr(source)).toBe(expected);
  });
});

describe('literals', () => {
  it.each([
    ['null', 'null'],
    ['true', 'true'],
    ['false', 'false'],
    ['0', '0n'],
    ['42', '42n'],
    ['9223372036854775807', '9223372036854775807n'],
    ['0x1F', '31n'],
    ['0XfF', '255n'],
    ['1.5', '1.5'],
    ['.5', '0.5'],
    ['1e3', '1000'],
    ['2.5E-1', '0.25'],
    ['1e+2', '100'],
    ["'single'", '"single"'],
    ['"double"', '"double"'],
    ["'it\\'s'", '"it\'s"'],
    ['"say \\"hi\\""', '"say \\"hi\\""'],
    ["'a\\nb\\tc\\\\d'", '"a\\nb\\tc\\\\d"'],
    ["'\\u00e9\\U0001F600'", '"é😀"'],
    ["'\\x41\\101'", '"AA"'],
    ["'\\a\\b\\f\\v\\r\\`\\?'", '"\\u0007\\b\\f\\u000b\\r`?"'],
    ["'é'", '"é"'],
    ["r'\\d+\\.png'", '"\\\\d+\\\\.png"'],
    ['R"\\n"', '"\\\\n"'],
    ["b'*'", 'b[42]'],
    ["b'\\x2A'", 'b[42]'],
    ["b'\\052'", 'b[42]'],
    ["b'€'", 'b[226,130,172]'],
    ["B'\\342\\202\\254'", 'b[226,130,172]'],
    ["b''", 'b[]'],
    ['[]', '[]'],
    ['[1, "a", [true]]', '[1n "a" [true]]'],
    ['[1, 2,]', '[1n 2n]'],
    ['{}', '{}'],
    ["{'k': 1, 'n': {'x': null}}", '{"k": 1n, "n": {"x": null}}'],
    ["{'k': 1,}", '{"k": 1n}'],
    ['(((1)))', '1n'],
  ])('%s', (source, expected) => {
    expect(showExpr(source)).toBe(expected);
  });

  it('gives ints as bigint and floats as number', () => {
    const int = parseExpr('7').expr;
    const float = parseExpr('7.0').expr;
    expect(int.kind === 'literal' && typeof int.value).toBe('bigint');
    expect(float.kind === 'literal' && float.value).toBe(7);
    const bytes = parseExpr("b'ab'").expr;
    expect(bytes.kind === 'literal' && bytes.value).toEqual(new Uint8Array([97, 98]));
  });
});

describe('path literals', () => {
  it.each([
    [
      '/databases/$(database)/documents/users/$(uid)',
      '(path databases $(database) documents users $(uid))',
    ],
    ['/databases/(default)/documents/a', '(path databases (default) documents a)'],
    ['/a/$(request.auth.uid)/b-c_d.e~f%20', '(path a $((. (. request auth) uid)) b-c_d.e~f%20)'],
    ['/a/$(x + "-" + y)', '(path a $((+ (+ x "-") y)))'],
    ['get(/a/$(b)).data', '(. (call get (path a $(b))) data)'],
    ['exists(/a/b) && x', '(&& (call exists (path a b)) x)'],
    ['/a/b == /a/$(c)', '(== (path a b) (path a $(c)))'],
    ['/a/b[1]', '([] (path a b) 1n)'],
  ])('%s', (source, expected) => {
    expect(showExpr(source)).toBe(expected);
  });

  it('is division after an operand', () => {
    expect(showExpr('a / b')).toBe('(/ a b)');
    expect(showExpr('a/b')).toBe('(/ a b)');
    expect(showExpr('10 / 2 / x')).toBe('(/ (/ 10n 2n) x)');
    expect(showExpr('a * /b/c')).toBe('(* a (path b c))');
  });

  it('has the location of its text', () => {
    const { expr, file } = parseExpr('f(/databases/$(database)/documents/x)');
    const path = nodes(expr).find((n) => n.kind === 'path') as Expr;
    expect(conditionText(file, path)).toBe('/databases/$(database)/documents/x');
  });
});

describe('locations', () => {
  it('covers each node and keeps the parentheses of a parenthesised operand', () => {
    const { expr, file } = parseExpr('(a || b) && !c.d(e, [1])');
    expect(conditionText(file, expr)).toBe('(a || b) && !c.d(e, [1])');
    expect(expr.loc).toEqual({
      line: 1,
      column: PREFIX.length + 1,
      start: PREFIX.length,
      end: PREFIX.length + 24,
    });
    const texts = nodes(expr).map((n) => conditionText(file, n));
    expect(texts).toEqual([
      '(a || b) && !c.d(e, [1])',
      '(a || b)',
      'a',
      'b',
      '!c.d(e, [1])',
      'c.d(e, [1])',
      'c.d',
      'c',
      'e',
      '[1]',
      '1',
    ]);
  });

  it('counts lines and columns across lines', () => {
    const file = parseRules(
      "service cloud.firestore {\n  match /a {\n    allow read:\n      if x\n        == 'y';\n  }\n}",
    );
    const condition = conditionOf(file);
    expect(condition.loc).toMatchObject({ line: 4, column: 10 });
    expect(conditionText(file, condition)).toBe("x\n        == 'y'");
    expect(file.services[0]?.loc).toMatchObject({ line: 1, column: 1, start: 0 });
    expect(file.services[0]?.loc.end).toBe(file.source.length);
  });
});

describe('errors, each at its line and column', () => {
  const match = (body: string) => `service cloud.firestore {\n  match /a/{b} {\n${body}\n  }\n}`;

  it.each([
    // syntax
    ['', '1:1: expected "rules_version" or "service" but found end of input'],
    [
      'service cloud.firestore {\n  match /a {\n    allow read: if a b;\n  }\n}',
      '3:22: expected ";", "}", "allow", "function", "match" or an operator but found "b"',
    ],
    [match('    allow read: if a == ;'), '3:25: expected an expression but found ";"'],
    [match('    allow read: true;'), '3:17: expected "if" but found "true"'],
    [match('    allow read: if (a;'), '3:22: expected ")" or an operator but found ";"'],
    [match('    allow read: if a[];'), '3:21: expected an index between [ and ]'],
    [match('    allow read: if (a || b)(c);'), '3:28: only a function or a method can be called'],
    [
      match("    allow read: if 'abc\\q';"),
      '3:25: expected an escape sequence (\\n, \\t, \\\\, \\\', \\", \\xHH, \\uHHHH, \\UHHHHHHHH or \\ooo) but found "q"',
    ],
    [match("    allow read: if 'abc;"), '3:20: unterminated string: a string ends on its line'],
    [match("    allow read: if '\\uD800';"), '3:22: \\uD800 is not a Unicode scalar value'],
    [
      match("    allow read: if b'\\u00e9';"),
      '3:23: a bytes literal takes \\xHH or \\ooo escapes, not \\u',
    ],
    [
      match('    allow read: if 9223372036854775808;'),
      '3:20: integer literal out of range (64-bit signed)',
    ],
    [
      match('    allow read: if 0x8000000000000000;'),
      '3:20: integer literal out of range (64-bit signed)',
    ],
    [match('    allow read: if 12abc;'), '3:20: malformed number "12abc"'],
    ['service cloud.firestore {\n  /* never closed', '2:3: unterminated comment: /* without */'],
    [match('    function f() { let x = 1; }'), '3:31: expected "let" or "return" but found "}"'],
    [
      match('    function f() { let x = 1 return x; }'),
      '3:30: expected ";" or an operator but found "return"',
    ],
    [match('    match /c/{d {}'), '3:16: expected "}" or "=" but found " "'],
    [
      'service cloud.firestore {\n  match /a/{b} {\n    allow read;\n  }',
      '4:4: expected "}", "allow", "function" or "match" but found end of input',
    ],
    ['rules_version = 2;', '1:17: expected a string but found "2"'],
    [match('    allow read: if f(a)(b);'), '3:24: only a function or a method can be called'],
    [match("    allow read: if r'abc"), '3:20: unterminated string: a string ends on its line'],
    // static
    [
      "rules_version = '3';\nservice cloud.firestore {}",
      "1:17: rules_version must be '1' or '2', not '3'",
    ],
    [
      'service cloud.firestor {\n}',
      '1:9: unknown service cloud.firestor: expected cloud.firestore or firebase.storage',
    ],
    [
      'service cloud.firestore {}\nservice cloud.firestore {}',
      '2:9: service cloud.firestore is already declared on line 1',
    ],
    [
      match('    allow reads: if true;'),
      '3:11: unknown method reads: expected read, write, get, list, create, update, delete',
    ],
    [
      match('    allow read, writ;'),
      '3:17: unknown method writ: expected read, write, get, list, create, update, delete',
    ],
    [
      match(
        '    function f() { return 1; }\n    function g() { return 2; }\n    function f() { return 3; }',
      ),
      '5:14: function f is already declared in this block, on line 3',
    ],
    [match('    function f(a, a) { return a; }'), '3:19: parameter a of f is declared twice'],
    [
      'service cloud.firestore {\n  match /a/{rest=**}/b {}\n}',
      "2:12: {rest=**} must be the last segment of the path under rules_version '1' (rules_version '2' allows it anywhere)",
    ],
    [
      "rules_version = '2';\nservice cloud.firestore {\n  match /{a=**}/{b=**} {}\n}",
      '3:17: a match path may hold only one {name=**} wildcard',
    ],
    [
      'service cloud.firestore {\n  allow read;\n}',
      '2:3: an allow statement must be inside a match block',
    ],
  ])('%j', (source, expected) => {
    expect(errorOf(source)).toBe(expected);
  });

  it('needs the return of a function', () => {
    expect(errorOf(match('    function f() { }'))).toBe(
      '3:20: expected "let" or "return" but found "}"',
    );
  });

  it('allows functions of one name in different blocks', () => {
    expect(() =>
      parseRules(
        'service cloud.firestore {\n  function f() { return 1; }\n  match /a { function f() { return 2; } }\n}',
      ),
    ).not.toThrow();
  });

  it('refuses a file over 256 KB, where the limit is crossed', () => {
    const head = 'service cloud.firestore {\n  match /a { allow read; }\n';
    const padding = `// ${'x'.repeat(MAX_RULES_SOURCE_BYTES)}\n`;
    const source = `${head}${padding}}\n`;
    expect(errorOf(source)).toBe(
      `3:${String(MAX_RULES_SOURCE_BYTES - head.length + 1)}: the rules file is ` +
        `${source.length.toLocaleString('en-US')} bytes; Firebase accepts at most 262,144 (256 KB)`,
    );
    expect(() => parseRules(`${head}// ${'x'.repeat(200_000)}\n}`)).not.toThrow();
  });

  it('refuses brackets nested past the limit instead of exhausting the stack', () => {
    const deep = `${'('.repeat(5000)}a${')'.repeat(5000)}`;
    expect(errorOf(`service cloud.firestore {\n  match /a { allow read: if ${deep}; }\n}`)).toBe(
      '2:127: brackets nested more than 100 deep',
    );
    expect(showExpr(`${'('.repeat(90)}a${')'.repeat(90)}`)).toBe('a');
  });

  it('lists every static error, in source order', () => {
    const errors = rulesErrors(
      "rules_version = '7';\nservice cloud.storage {\n  match /a { allow reed; allow write; }\n}",
    );
    expect(errors.map((e) => e.message)).toEqual([
      "1:17: rules_version must be '1' or '2', not '7'",
      '2:9: unknown service cloud.storage: expected cloud.firestore or firebase.storage',
      '3:20: unknown method reed: expected read, write, get, list, create, update, delete',
    ]);
    expect(errors[0]).toMatchObject({ line: 1, column: 17 });
    expect(rulesErrors(read('firestore.rules'))).toEqual([]);
  });
});
