import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { logger } from './log.ts';

describe('logger', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('labels each message with local-cloud and the part it comes from', () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    logger('firestore').error('a commit listener failed');
    logger('storage').warn('refused a request: wrong project');
    expect(error.mock.calls).toEqual([['[local-cloud firestore] a commit listener failed']]);
    expect(warn.mock.calls).toEqual([['[local-cloud storage] refused a request: wrong project']]);
  });

  it("prints an error's cause after the message, and nothing for a cause not given", () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const cause = new Error('boom');
    logger('auth').error('internal error', cause);
    logger('auth').error('no cause');
    expect(error.mock.calls).toEqual([
      ['[local-cloud auth] internal error', cause],
      ['[local-cloud auth] no cause'],
    ]);
  });

  it('prints nothing when silent', () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const quiet = logger('functions', { silent: true });
    quiet.error('gave up', new Error('boom'));
    quiet.warn('refused');
    expect(error).not.toHaveBeenCalled();
    expect(warn).not.toHaveBeenCalled();
  });
});

describe("local-cloud's own terminal output", () => {
  const SRC = fileURLToPath(new URL('./', import.meta.url));
  const DIRECT = /\bconsole\.(?:log|info|warn|error|debug|trace)\b|\bprocess\.stderr\.write\b/;

  function sources(dir: string): string[] {
    return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return sources(path);
      return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
    });
  }

  it('goes through the logger alone', () => {
    const files = sources(SRC).map((path) => relative(SRC, path));
    // The walk found the tree, so an empty list below cannot mean an empty search.
    expect(files).toContain(join('auth', 'server.ts'));
    const direct = files.filter(
      (file) => file !== 'log.ts' && DIRECT.test(readFileSync(join(SRC, file), 'utf8')),
    );
    expect(direct).toEqual([]);
  });

  it('is caught when written directly', () => {
    expect(DIRECT.test("console.error('storage listener failed', error);")).toBe(true);
    expect(DIRECT.test('process.stderr.write(`[local-cloud] exited`);')).toBe(true);
    expect(DIRECT.test("log.error('internal error', error);")).toBe(false);
  });
});
