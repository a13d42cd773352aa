import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../cli/usage-error.ts';
import { CLIENT_PACK_HELP, parseClientPackCommand } from './cli-options.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('npm run client:pack options', () => {
  it('packs into dist/ by default, or into --out from where npm was run', () => {
    expect(parseClientPackCommand([], {})).toEqual({ out: join(ROOT, 'dist/') });
    expect(parseClientPackCommand(['--out', 'packages'], { INIT_CWD: '/home/me/app' })).toEqual({
      out: '/home/me/app/packages',
    });
    expect(parseClientPackCommand(['--help'], {})).toBe('help');
    expect(CLIENT_PACK_HELP).toContain('--out DIR');
  });

  it('refuses an unknown option and one without its value', () => {
    expect(() => parseClientPackCommand(['--outdir', 'x'], {})).toThrow(UsageError);
    expect(() => parseClientPackCommand(['--out'], {})).toThrow(UsageError);
  });

  it('says a wrong option in one line and exits 2, packing nothing', async () => {
    const script = join(ROOT, 'scripts/client-pack.ts');
    const failed = await promisify(execFile)(process.execPath, [script, '--outdir', 'x']).catch(
      (error: unknown) => error as { code: number; stdout: string; stderr: string },
    );
    expect(failed).toMatchObject({ code: 2, stdout: '' });
    const lines = (failed as { stderr: string }).stderr.trimEnd().split('\n');
    expect(lines[0]).toMatch(/--outdir/);
    expect(lines.slice(1)).toEqual(['npm run client:pack -- --help lists the options.']);
  });
});
