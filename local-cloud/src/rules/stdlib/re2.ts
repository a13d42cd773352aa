// RE2 patterns (what `matches`, `replace` and `split` take) as JS RegExps. The rules reference says
// these use Google RE2 syntax, so constructs RE2 refuses (backreferences, lookaround, atomic groups,
// possessive quantifiers) are refused here too instead of silently matching more than production.
// RE2 spellings JS lacks (`\A`, `\z`, `\Q...\E`, `(?P<name>)`, `(?i)` mid-pattern, `[[:alpha:]]`,
// ASCII `\s`) are rewritten. JS still backtracks where RE2 runs in linear time; patterns in rules are
// the developer's own, so that costs time, not correctness.
import { RError } from '../values.ts';

const CACHE_LIMIT = 500;
const cache = new Map<string, { source: string; groups: number; names: Set<string> } | RError>();

/** Characters that must be escaped to be literal in a JS `u` pattern, outside a class. */
const SYNTAX = new Set('^$\\.*+?()[]{}|/');
/** RE2 lets any ASCII punctuation be escaped to itself. */
const isPunct = (c: string): boolean => /^[!-/:-@[-`{-~]$/.test(c);

const POSIX: Record<string, string> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7F',
  blank: '\\t ',
  cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-\\/:-@\\[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};

const GENERAL_CATEGORIES = new Set(
  'C Cc Cf Co Cs L Ll Lm Lo Lt Lu M Mc Me Mn N Nd Nl No P Pc Pd Pe Pf Pi Po Ps S Sc Sk Sm So Z Zl Zp Zs'.split(
    ' ',
  ),
);

const MAX_REPEAT = 1000;

class Re2Error extends Error {}

function literal(c: string, inClass: boolean): string {
  if (inClass) return c === ']' || c === '\\' || c === '-' || c === '^' || c === '[' ? '\\' + c : c;
  return SYNTAX.has(c) ? '\\' + c : c;
}

/** Translates one RE2 pattern; throws Re2Error for what RE2 would refuse. */
function translate(pattern: string): { source: string; groups: number; names: Set<string> } {
  const cs = Array.from(pattern);
  let i = 0;
  let out = '';
  let groups = 0;
  const names = new Set<string>();
  // How many `(?flags:` groups a `(?flags)` opened inside each open group; closed with it.
  const extraCloses: number[] = [0];
  const peek = (k = 0): string | undefined => cs[i + k];
  const take = (): string => cs[i++] ?? '';

  const escape = (inClass: boolean): string => {
    const c = cs[++i];
    i++;
    if (c === undefined) throw new Re2Error('trailing \\');
    if (c >= '1' && c <= '9') throw new Re2Error('backreferences are not supported');
    if (c === '0') {
      let code = '';
      while (code.length < 2 && peek() !== undefined && /[0-7]/.test(peek() ?? '')) code += take();
      return literal(String.fromCodePoint(parseInt(code || '0', 8)), inClass);
    }
    switch (c) {
      case 'd':
      case 'D':
      case 'w':
      case 'W':
        return '\\' + c;
      case 's':
        return inClass ? '\\t\\n\\f\\r ' : '[\\t\\n\\f\\r ]';
      case 'S':
        // RE2's \S is ASCII; inside a class JS's Unicode \S is the closest expressible set.
        return inClass ? '\\S' : '[^\\t\\n\\f\\r ]';
      case 'b':
      case 'B':
        if (inClass) throw new Re2Error(`invalid escape \\${c} in a class`);
        return '\\' + c;
      case 'A':
        if (inClass) throw new Re2Error('invalid escape \\A in a class');
        return '(?<![\\s\\S])';
      case 'z':
        if (inClass) throw new Re2Error('invalid escape \\z in a class');
        return '(?![\\s\\S])';
      case 'a':
        return '\\x07';
      case 'f':
      case 't':
      case 'n':
      case 'r':
      case 'v':
        return '\\' + c;
      case 'x': {
        let hex = '';
        if (peek() === '{') {
          i++;
          while (peek() !== undefined && peek() !== '}') hex += take();
          if (peek() !== '}' || !/^[0-9A-Fa-f]{1,6}$/.test(hex))
            throw new Re2Error('invalid \\x{...}');
          i++;
        } else {
          hex = (cs[i] ?? '') + (cs[i + 1] ?? '');
          if (!/^[0-9A-Fa-f]{2}$/.test(hex)) throw new Re2Error('invalid \\x escape');
          i += 2;
        }
        const code = parseInt(hex, 16);
        if (code > 0x10ffff) throw new Re2Error('invalid \\x escape');
        return literal(String.fromCodePoint(code), inClass);
      }
      case 'p':
      case 'P': {
        let name = '';
        if (peek() === '{') {
          i++;
          while (peek() !== undefined && peek() !== '}') name += take();
          if (peek() !== '}') throw new Re2Error('invalid \\p{...}');
          i++;
        } else {
          name = cs[i++] ?? '';
        }
        let negated = c === 'P';
        if (name.startsWith('^')) {
          negated = !negated;
          name = name.slice(1);
        }
        if (!/^[A-Za-z_]+$/.test(name)) throw new Re2Error(`invalid character class \\p{${name}}`);
        const body = GENERAL_CATEGORIES.has(name)
          ? name
          : name === 'Any'
            ? 'Any'
            : `Script=${name}`;
        if (body === 'Any') return negated ? '[^\\s\\S]' : '[\\s\\S]';
        return `\\${negated ? 'P' : 'p'}{${body}}`;
      }
      case 'Q': {
        let text = '';
        while (i < cs.length && !(cs[i] === '\\' && cs[i + 1] === 'E'))
          text += literal(cs[i++] ?? '', inClass);
        if (i < cs.length) i += 2;
        return text;
      }
      default:
        if (isPunct(c)) return literal(c, inClass);
        throw new Re2Error(`invalid escape \\${c}`);
    }
  };

  const charClass = (): string => {
    i++; // [
    let body = '';
    if (peek() === '^') {
      body += '^';
      i++;
    }
    let first = true;
    for (;;) {
      const c = peek();
      if (c === undefined) throw new Re2Error('missing closing ]');
      if (c === ']' && !first) {
        i++;
        break;
      }
      first = false;
      if (c === '[' && peek(1) === ':') {
        const rest = cs.slice(i).join('');
        const m = /^\[:(\^?)([a-z]+):\]/.exec(rest);
        const set = m ? POSIX[m[2] ?? ''] : undefined;
        if (m && set !== undefined) {
          if (m[1]) throw new Re2Error('negated POSIX classes inside a class are not supported');
          body += set;
          i += m[0].length;
          continue;
        }
      }
      if (c === '\\') {
        body += escape(true);
        continue;
      }
      body += c === '-' ? '-' : literal(c, true);
      i++;
    }
    return `[${body}]`;
  };

  const quantifier = (): string | undefined => {
    const c = peek();
    let q: string | undefined;
    if (c === '*' || c === '+' || c === '?') {
      q = c;
      i++;
    } else if (c === '{') {
      const rest = cs.slice(i).join('');
      const m = /^\{(\d+)(,(\d*))?\}/.exec(rest);
      if (!m) return undefined;
      const min = Number(m[1]);
      const max = m[3] ? Number(m[3]) : min;
      if (min > MAX_REPEAT || max > MAX_REPEAT) throw new Re2Error('bad repetition operator');
      if (m[3] && max < min) throw new Re2Error('bad repetition operator');
      q = m[0];
      i += Array.from(m[0]).length;
    } else {
      return undefined;
    }
    if (peek() === '?') {
      q += '?';
      i++;
    }
    if (peek() === '+') throw new Re2Error('possessive quantifiers are not supported');
    if (
      peek() === '*' ||
      peek() === '+' ||
      peek() === '?' ||
      (peek() === '{' && /^\{\d/.test(cs.slice(i).join('')))
    )
      throw new Re2Error('bad repetition operator');
    return q;
  };

  const group = (): string => {
    i++; // (
    if (peek() !== '?') {
      groups++;
      extraCloses.push(0);
      return '(';
    }
    i++; // ?
    const c = peek();
    if (c === 'P' && peek(1) === '<') {
      i += 2;
      return namedGroup();
    }
    if (c === '<' && peek(1) !== '=' && peek(1) !== '!') {
      i++;
      return namedGroup();
    }
    if (c === '=' || c === '!' || c === '<') throw new Re2Error('lookaround is not supported');
    if (c === '>') throw new Re2Error('atomic groups are not supported');
    if (c === 'P') throw new Re2Error('backreferences are not supported');
    if (c === ':') {
      i++;
      extraCloses.push(0);
      return '(?:';
    }
    let flags = '';
    while (peek() !== undefined && /[imsU-]/.test(peek() ?? '')) flags += take();
    const end = peek();
    if (flags.includes('U')) throw new Re2Error('the U flag is not supported');
    if (!/^[ims]*(-[ims]+)?$/.test(flags) || flags === '' || (end !== ')' && end !== ':'))
      throw new Re2Error('invalid or unsupported group syntax (?' + flags);
    i++;
    if (end === ':') {
      extraCloses.push(0);
      return `(?${flags}:`;
    }
    // `(?i)` applies to the rest of the enclosing group: open a modifier group closed with it.
    extraCloses[extraCloses.length - 1] = (extraCloses[extraCloses.length - 1] ?? 0) + 1;
    return `(?${flags}:`;
  };

  const namedGroup = (): string => {
    let name = '';
    while (peek() !== undefined && peek() !== '>') name += take();
    if (peek() !== '>' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
      throw new Re2Error('invalid named capture group');
    if (names.has(name)) throw new Re2Error(`duplicate capture group name ${name}`);
    i++;
    names.add(name);
    groups++;
    extraCloses.push(0);
    return `(?<${name}>`;
  };

  let canRepeat = false;
  while (i < cs.length) {
    const c = cs[i] ?? '';
    let atom: string;
    if (c === '\\') {
      atom = escape(false);
      canRepeat = !['(?<![\\s\\S])', '(?![\\s\\S])', '\\b', '\\B'].includes(atom);
    } else if (c === '[') {
      atom = charClass();
      canRepeat = true;
    } else if (c === '(') {
      out += group();
      canRepeat = false;
      continue;
    } else if (c === ')') {
      if (extraCloses.length <= 1) throw new Re2Error('unexpected )');
      out += ')'.repeat((extraCloses.pop() ?? 0) + 1);
      i++;
      canRepeat = true;
      const q = quantifier();
      if (q !== undefined) out += q;
      continue;
    } else if (c === '*' || c === '+' || c === '?' || (c === '{' && quantifierAhead(cs, i))) {
      if (!canRepeat) throw new Re2Error('missing argument to repetition operator');
      throw new Re2Error('bad repetition operator');
    } else if (c === '|' || c === '^' || c === '$') {
      out += c;
      i++;
      canRepeat = false;
      continue;
    } else if (c === '.') {
      atom = '.';
      i++;
      canRepeat = true;
    } else {
      atom = literal(c, false);
      i++;
      canRepeat = true;
    }
    out += atom;
    if (canRepeat) {
      const q = quantifier();
      if (q !== undefined) out += q;
    } else if (peek() === '*' || peek() === '+' || peek() === '?') {
      // RE2 allows repeating an empty-width assertion; JS does not. It matches the same either way.
      i++;
      if (peek() === '?') i++;
    }
  }
  if (extraCloses.length > 1) throw new Re2Error('missing closing )');
  out += ')'.repeat(extraCloses[0] ?? 0);
  return { source: out, groups, names };
}

function quantifierAhead(cs: readonly string[], i: number): boolean {
  return /^\{\d+(,\d*)?\}/.test(cs.slice(i, i + 16).join(''));
}

/** The translated pattern, or an error naming what RE2 would refuse. */
export function re2(
  pattern: string,
): { source: string; groups: number; names: Set<string> } | RError {
  const hit = cache.get(pattern);
  if (hit) return hit;
  let result: { source: string; groups: number; names: Set<string> } | RError;
  try {
    result = translate(pattern);
    new RegExp(result.source, 'u');
  } catch (e) {
    result = new RError(
      `Invalid regular expression ${JSON.stringify(pattern)}: ${(e as Error).message}`,
    );
  }
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(pattern, result);
  return result;
}

/** A RegExp that must match the whole input, as `matches()` does. */
export function wholeMatcher(pattern: string): RegExp | RError {
  const r = re2(pattern);
  return r instanceof RError ? r : new RegExp(`^(?:${r.source})$`, 'u');
}

/** A global RegExp for `replace()` and `split()`, with its group count and names. */
export function globalMatcher(
  pattern: string,
): { regex: RegExp; groups: number; names: Set<string> } | RError {
  const r = re2(pattern);
  return r instanceof RError
    ? r
    : { regex: new RegExp(r.source, 'gu'), groups: r.groups, names: r.names };
}
