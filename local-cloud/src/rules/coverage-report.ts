// What each allow statement of a ruleset has evaluated to so far: the Emulator Suite's coverage
// endpoints answer with it (JSON, and an HTML page), and tests gate on it.
import type { Ruleset } from './engine.ts';

export interface AllowCoverage {
  readonly line: number;
  readonly column: number;
  readonly methods: readonly string[];
  readonly condition: string;
  readonly true: number;
  readonly false: number;
  readonly error: number;
}

export function coverageOf(ruleset: Ruleset): AllowCoverage[] {
  return ruleset.allows().map((allow) => {
    const c = ruleset.coverage.counts.get(allow) ?? { true: 0, false: 0, error: 0 };
    return {
      line: allow.loc.line,
      column: allow.loc.column,
      methods: allow.methods,
      condition: allow.condition ? ruleset.text(allow.condition) : 'true',
      ...c,
    };
  });
}

const escape = (s: string): string =>
  s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);

/** One table row per allow statement; rows never seen both true and false are marked. */
export function coverageHtml(title: string, rows: readonly AllowCoverage[]): string {
  const body = rows
    .map((r) => {
      const gap = r.true === 0 || r.false + r.error === 0;
      return `<tr class="${gap ? 'gap' : 'ok'}"><td>L${String(r.line)}:${String(r.column)}</td><td>${escape(r.methods.join(', '))}</td><td><code>${escape(r.condition)}</code></td><td>${String(r.true)}</td><td>${String(r.false)}</td><td>${String(r.error)}</td></tr>`;
    })
    .join('\n');
  return `<!doctype html><meta charset="utf-8"><title>${escape(title)}</title>
<style>body{font:14px system-ui}td,th{padding:2px 8px;text-align:left}tr.gap{background:#fde8e8}code{white-space:pre-wrap}</style>
<h1>${escape(title)}</h1>
<table><tr><th>where</th><th>allow</th><th>condition</th><th>true</th><th>false</th><th>error</th></tr>
${body}
</table>`;
}
