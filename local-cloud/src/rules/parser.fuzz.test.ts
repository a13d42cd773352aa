// Random inputs against the parser: it must answer every one with a RulesSyntaxError positioned
// inside the input (or a RulesFile), never another exception, and never hang. Seeded, so a
// failure reproduces; the seed and the input are in the failure message.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ALLOW_METHODS, RulesSyntaxError, SERVICE_NAMES } from './ast.ts';
import { parseRules, rulesErrors } from './parser.ts';

const ROOT = new URL('../../../', import.meta.url);
const SEED = 0x5eed_2024;
const INPUTS = 3_000;
/** Far above any real parse (a few milliseconds); only a hang or exponential backtracking hits it. */

const HAND_WRITTEN = [
  `rules_version = '2';
service cloud.firestore {
  match /databases/{database}/documents {
    function owns(doc) { let uid = request.auth.uid; return doc.data.owner == uid; }
    match /posts/{post=**} {
      allow read: if resource.data.tags[0:2] == ['a', "b"] || request.time < timestamp.value(0);
      allow create, update: if owns(request.resource) && request.resource.data.size() <= 0x10
        ? exists(/databases/$(database)/documents/users/$(request.auth.uid))
        : !(request.resource.data.keys().hasAll({'k': 1.5e3, 'b': b'\\x00\\101'}.keys()));
      allow delete;
    }
  }
}`,
  `service firebase.storage {
  match /b/{bucket}/o {
    match /{all=**} {
      /* block
         comment */ allow read: if request.resource.contentType.matches(r'image/.*') // line
        && request.resource.size < 5 * 1024 * 1024 && -1 < .5 && 'é\\u00e9\\n' is string;
    }
  }
}`,
  `service cloud.firestore { match /a/{b} { allow get: if a ? b ? c : d : e in [f, g,] && h % 2 == 0; } }`,
];

const TOKENS = [
  'service',
  ...SERVICE_NAMES,
  'match',
  'allow',
  'function',
  'let',
  'return',
  'if',
  'rules_version',
  '=',
  ';',
  ':',
  ',',
  '{',
  '}',
  '(',
  ')',
  '[',
  ']',
  '/',
  '/a',
  '/{x}',
  '/{y=**}',
  '$(',
  '.',
  '?',
  '!',
  '-',
  '+',
  '*',
  '%',
  '==',
  '!=',
  '<',
  '<=',
  '>',
  '>=',
  '&&',
  '||',
  'in',
  'is',
  ...ALLOW_METHODS,
  'true',
  'false',
  'null',
  '0',
  '42',
  '0x1F',
  '1.5',
  '.5',
  '1e3',
  "'s'",
  '"d"',
  "r'r'",
  "b'\\x00'",
  "'\\u00e9'",
  "'",
  '"',
  '\\',
  '//c\n',
  '/*',
  '*/',
  '/* c */',
  'request',
  'resource',
  'x',
  'f',
  '\n',
  ' ',
  '\t',
  'é',
  '😀',
];
const NOISE = Array.from('{}()[]/\\\'"$=;:,.?!-+*%<>&|*\n \t0123456789abcxyz_é');

/** mulberry32: small, fast and good enough to spread inputs. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function inputs(): string[] {
  const rand = random(SEED);
  const int = (n: number) => Math.floor(rand() * n);
  const pick = <T>(list: readonly T[]): T => list[int(list.length)] as T;
  const corpus = [
    readFileSync(new URL('firestore.rules', ROOT), 'utf8'),
    readFileSync(new URL('storage.rules', ROOT), 'utf8'),
    ...HAND_WRITTEN,
  ];
  const mutate = (text: string): string => {
    const at = int(text.length + 1);
    switch (int(6)) {
      case 0: // flip characters
        return Array.from(text)
          .map((c) => (rand() < 3 / Math.max(text.length, 1) ? pick(NOISE) : c))
          .join('');
      case 1: // truncate
        return text.slice(0, at);
      case 2: {
        // duplicate a slice somewhere
        const from = int(text.length);
        const slice = text.slice(from, from + int(80));
        return text.slice(0, at) + slice + text.slice(at);
      }
      case 3: // delete a slice
        return text.slice(0, at) + text.slice(at + int(40));
      case 4: // insert a token
        return text.slice(0, at) + pick(TOKENS) + text.slice(at);
      default: {
        // swap two lines
        const lines = text.split('\n');
        const i = int(lines.length);
        const j = int(lines.length);
        [lines[i], lines[j]] = [lines[j] as string, lines[i] as string];
        return lines.join('\n');
      }
    }
  };
  const out: string[] = [...corpus];
  while (out.length < INPUTS) {
    if (rand() < 0.3) {
      const n = 1 + int(60);
      out.push(Array.from({ length: n }, () => pick(TOKENS)).join(rand() < 0.5 ? ' ' : ''));
    } else {
      let text = pick(corpus);
      for (let k = 1 + int(3); k > 0; k--) text = mutate(text);
      out.push(text);
    }
  }
  return out;
}

describe('the parser on random inputs', () => {
  // The first parse generates the parser. No parse is timed: backtracking gone exponential would
  // never finish, and the test's own timeout catches that.
  beforeAll(() => parseRules('service cloud.firestore {}'));

  it(`answers ${String(INPUTS)} of them with a RulesFile or a positioned RulesSyntaxError`, () => {
    let failed = 0;
    for (const [i, input] of inputs().entries()) {
      const context = `input ${String(i)} of seed ${String(SEED)}: ${JSON.stringify(input)}`;
      try {
        parseRules(input);
      } catch (error) {
        failed++;
        if (!(error instanceof RulesSyntaxError))
          throw new Error(`${context}\n${String(error)}`, { cause: error });
        const lines = input.split('\n');
        expect(error.line, context).toBeGreaterThanOrEqual(1);
        expect(error.line, context).toBeLessThanOrEqual(lines.length);
        expect(error.column, context).toBeGreaterThanOrEqual(1);
        expect(error.column, context).toBeLessThanOrEqual((lines[error.line - 1]?.length ?? 0) + 1);
        expect(error.message, context).toMatch(/^\d+:\d+: \S/);
      }
    }
    // The mutations break most inputs, and a few survive: both paths ran.
    expect(failed).toBeGreaterThan(INPUTS / 2);
    expect(failed).toBeLessThan(INPUTS);
    // 3,000 parses take about 2 s alone and three times that on two loaded cores, past Vitest's 5 s
    // default for the whole loop.
  }, 60_000);

  it('reports every static error of a mutated file in source order', () => {
    const rand = random(SEED + 1);
    const base = HAND_WRITTEN[0] as string;
    for (let i = 0; i < 200; i++) {
      const at = Math.floor(rand() * base.length);
      const input =
        base.slice(0, at) + String.fromCharCode(97 + Math.floor(rand() * 26)) + base.slice(at);
      const errors = rulesErrors(input);
      for (const error of errors) expect(error).toBeInstanceOf(RulesSyntaxError);
      const offsets = errors.map((e) => e.line * 1e6 + e.column);
      expect(offsets, JSON.stringify(input)).toEqual([...offsets].sort((a, b) => a - b));
    }
  });

  it('does not backtrack exponentially on deep but legal nesting', () => {
    const depth = 90;
    const shapes = [
      (d: number) => `${'('.repeat(d)}a${')'.repeat(d)}`,
      (d: number) => `${'a['.repeat(d)}0${']'.repeat(d)}`,
      (d: number) => `${'f('.repeat(d)}x${')'.repeat(d)}`,
      (d: number) => `${'['.repeat(d)}1${']'.repeat(d)}`,
      (d: number) => `${"{'k': ".repeat(d)}1${'}'.repeat(d)}`,
      (d: number) => `${'a ? b : '.repeat(d * 50)}c`,
      (d: number) => `${'!-'.repeat(d * 50)}a`,
      (d: number) => Array.from({ length: d * 50 }, () => 'a').join(' && '),
      // unclosed: each level fails, which is where a careless grammar retries alternatives
      (d: number) => 'a[('.repeat(d / 2),
      (d: number) => '/a/$('.repeat(d),
    ];
    for (const shape of shapes) {
      const source = `service cloud.firestore { match /a { allow read: if ${shape(depth)}; } }`;
      try {
        parseRules(source);
      } catch (error) {
        expect(error, source.slice(0, 120)).toBeInstanceOf(RulesSyntaxError);
      }
    }
  });
});
