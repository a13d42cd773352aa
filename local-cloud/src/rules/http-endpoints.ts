// The Emulator Suite's rules endpoints, as @firebase/rules-unit-testing and the Firebase CLI call
// them: replace a project's rules, and read what they have covered.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from '../net/json.ts';
import { RulesSyntaxError } from './ast.ts';
import { coverageHtml, coverageOf } from './coverage-report.ts';
import type { RulesHolder } from './rules-holder.ts';

const SET_RULES = /^\/emulator\/v1\/projects\/([^/:]+):securityRules$/;
const COVERAGE = /^\/emulator\/v1\/projects\/([^/:]+):ruleCoverage(\.html)?$/;

interface RulesBody {
  rules?: { files?: { name?: string; content?: string }[] };
}

/** A `PUT {rules: {files: [{content}]}}` body's rules text, or undefined when malformed. */
export function rulesSource(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as RulesBody;
    const content = parsed.rules?.files?.[0]?.content;
    return typeof content === 'string' ? content : undefined;
  } catch {
    return undefined;
  }
}

/** Loads a body's rules for `project`; the answer says why when they do not compile. */
export function setRules(
  holder: RulesHolder,
  project: string,
  body: string,
  res: ServerResponse,
): void {
  const source = rulesSource(body);
  if (source === undefined) {
    sendJson(res, 400, {
      error: {
        code: 400,
        message: 'Expected {rules: {files: [{content}]}}.',
        status: 'INVALID_ARGUMENT',
      },
    });
    return;
  }
  try {
    holder.setForProject(project, source);
    sendJson(res, 200, {});
  } catch (e) {
    if (!(e instanceof RulesSyntaxError)) throw e;
    sendJson(res, 400, { error: { code: 400, message: e.message, status: 'INVALID_ARGUMENT' } });
  }
}

/** Serves the Firestore-style rules endpoints; false when `url` is not one of them. */
export function serveRulesEndpoint(
  holder: RulesHolder,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  body: string,
): boolean {
  const set = SET_RULES.exec(url.pathname);
  if (set?.[1] && req.method === 'PUT') {
    setRules(holder, decodeURIComponent(set[1]), body, res);
    return true;
  }
  const coverage = COVERAGE.exec(url.pathname);
  if (coverage?.[1] && req.method === 'GET') {
    const project = decodeURIComponent(coverage[1]);
    const ruleset = holder.forProject(project);
    const rows = ruleset ? coverageOf(ruleset) : [];
    if (coverage[2]) {
      res
        .writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' })
        .end(coverageHtml(`${holder.service} rules coverage: ${project}`, rows));
    } else sendJson(res, 200, { service: holder.service, project, allows: rows });
    return true;
  }
  return false;
}
