import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import { optionsNpmTook, retyped } from './npm-options.ts';

/** A command line the script cannot run: said in one line, with how to get the options. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Exit code of a usage error, as the shell's own builtins use it. */
export const USAGE_EXIT_CODE = 2;

/** Prints the error and where the options are listed, then exits with USAGE_EXIT_CODE. */
export function exitWithUsageError(error: UsageError, script: string): never {
  const npm = script === 'start' ? 'npm start' : `npm run ${script}`;
  process.stderr.write(`${error.message}\n${npm} -- --help lists the options.\n`);
  process.exit(USAGE_EXIT_CODE);
}

/**
 * node:util's parseArgs, strict, its complaints (an unknown option, a missing value) as UsageErrors;
 * so are the script's options npm kept for itself (typed without `--` before them).
 */
export function parseOptions<T extends NonNullable<ParseArgsConfig['options']>>(
  args: readonly string[],
  options: T,
  env: NodeJS.ProcessEnv = process.env,
) {
  const took = optionsNpmTook(options, env);
  if (took.length > 0) {
    throw new UsageError(
      `npm took ${took.join(', ')} as its own setting, so the script never saw ${took.length === 1 ? 'it' : 'them'}; type ${retyped(took, env)}`,
    );
  }
  try {
    return parseArgs({ args: [...args], options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}
