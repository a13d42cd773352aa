// `npm run rules:check [-- --config firebase.json]`: parses the Firestore and Storage rules files
// that firebase.json names, offline, with local-cloud's rules parser, and prints
// `file:line:col: message` for each error (`file: ok` otherwise). Exit 1 on any error, 2 on a
// wrong command line or a firebase.json that cannot be read.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { parseRules, rulesErrors } from '../local-cloud/src/rules/parser.ts';
import type { ServiceName } from '../local-cloud/src/rules/ast.ts';
import { exitWithUsageError, parseOptions, UsageError } from './cli/usage-error.ts';

const HELP = `Usage: npm run rules:check [-- --config PATH]

Parses the security rules files that firebase.json names (firestore.rules, storage.rules and any
per-database or per-bucket ones) without a network or the emulators, and prints each syntax or
static error as file:line:col: message, or file: ok. Exits 1 when a file has an error.

  --config PATH  the firebase.json to read (default ./firebase.json)
  --help         show this text
`;

interface RulesTarget {
  readonly path: string;
  readonly service: ServiceName;
}

/** Every rules file of firebase.json: `firestore` and `storage` are an object or an array of them. */
function rulesTargets(config: unknown, base: string): RulesTarget[] {
  const targets: RulesTarget[] = [];
  const sections: [string, ServiceName][] = [
    ['firestore', 'cloud.firestore'],
    ['storage', 'firebase.storage'],
  ];
  for (const [key, service] of sections) {
    const section = (config as Record<string, unknown> | null)?.[key];
    const entries: unknown[] = Array.isArray(section)
      ? section
      : section === undefined
        ? []
        : [section];
    for (const entry of entries) {
      const rules = (entry as { rules?: unknown } | null)?.rules;
      if (typeof rules !== 'string') continue;
      const path = resolve(base, rules);
      if (!targets.some((t) => t.path === path)) targets.push({ path, service });
    }
  }
  return targets;
}

function readConfig(path: string): unknown {
  if (!existsSync(path)) throw new UsageError(`${path} does not exist`);
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch (error) {
    throw new UsageError(
      `${path} is not JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

let targets: RulesTarget[];
try {
  const values = parseOptions(process.argv.slice(2), {
    config: { type: 'string', default: 'firebase.json' },
    help: { type: 'boolean', default: false },
  });
  if (values.help) {
    process.stdout.write(HELP);
    process.exit(0);
  }
  const configPath = resolve(values.config);
  targets = rulesTargets(readConfig(configPath), dirname(configPath));
  if (targets.length === 0) {
    throw new UsageError(`${values.config} names no rules file (firestore.rules, storage.rules)`);
  }
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  exitWithUsageError(error, 'rules:check');
}

let failed = false;
for (const { path, service } of targets) {
  const shown = relative(process.cwd(), path) || path;
  let source: string;
  try {
    source = readFileSync(path, 'utf8');
  } catch (error) {
    failed = true;
    process.stderr.write(
      `${shown}: cannot be read: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    continue;
  }
  const messages = rulesErrors(source).map((e) => e.message);
  // A file firebase.json gives to Firestore but that declares only Storage's service (or none of
  // its own) parses, yet would deny every request: worth saying.
  if (messages.length === 0 && !parseRules(source).services.some((s) => s.name === service)) {
    messages.push(`1:1: declares no service ${service}, which firebase.json gives it to`);
  }
  if (messages.length === 0) {
    process.stdout.write(`${shown}: ok\n`);
  } else {
    failed = true;
    for (const message of messages) process.stderr.write(`${shown}:${message}\n`);
  }
}
process.exit(failed ? 1 : 0);
