import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const SCRIPT = join(ROOT, 'scripts/rules-check.ts');

async function run(args: string[], cwd: string) {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [SCRIPT, ...args], {
      cwd,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('npm run rules:check', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rules-check-'));
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('passes the project’s own rules', async () => {
    const { code, stdout, stderr } = await run([], ROOT);
    expect(stderr).toBe('');
    expect(stdout).toBe('firestore.rules: ok\nstorage.rules: ok\n');
    expect(code).toBe(0);
  });

  it('prints file:line:col for each error of a broken copy, and exits 1', async () => {
    copyFileSync(join(ROOT, 'firebase.json'), join(dir, 'firebase.json'));
    const firestore = readFileSync(join(ROOT, 'firestore.rules'), 'utf8');
    writeFileSync(
      join(dir, 'firestore.rules'),
      firestore.replace('allow get:', 'allow gets:').replace("'2'", "'3'"),
    );
    const storage = readFileSync(join(ROOT, 'storage.rules'), 'utf8');
    writeFileSync(
      join(dir, 'storage.rules'),
      storage.replace('request.auth != null;', 'request.auth != ;'),
    );
    // Where the first `allow get:` is in the project's file, which its comments move.
    const getLine = firestore.split('\n').findIndex((line) => line.includes('allow get:')) + 1;
    const { code, stdout, stderr } = await run([], dir);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      [
        "firestore.rules:1:17: rules_version must be '1' or '2', not '3'",
        `firestore.rules:${getLine}:13: unknown method gets: expected read, write, get, list, create, update, delete`,
        'storage.rules:9:30: expected an expression but found ";"',
        '',
      ].join('\n'),
    );
    expect(code).toBe(1);
  });

  it('reads another firebase.json with --config, arrays of databases included', async () => {
    writeFileSync(
      join(dir, 'other.json'),
      JSON.stringify({
        firestore: [{ database: '(default)', rules: 'db.rules' }],
        storage: { rules: 'db.rules' },
      }),
    );
    writeFileSync(join(dir, 'db.rules'), 'service cloud.firestore { match /a { allow read; } }\n');
    const { code, stdout } = await run(['--config', join(dir, 'other.json')], ROOT);
    expect(stdout).toMatch(/db\.rules: ok\n$/);
    expect(code).toBe(0);
  });

  it('says when a file lacks the service firebase.json gives it to', async () => {
    writeFileSync(join(dir, 'swapped.json'), JSON.stringify({ storage: { rules: 'db.rules' } }));
    const { code, stderr } = await run(['--config', 'swapped.json'], dir);
    expect(stderr).toBe(
      'db.rules:1:1: declares no service firebase.storage, which firebase.json gives it to\n',
    );
    expect(code).toBe(1);
  });

  it('prints its options with --help and stops with 2 on a wrong one or a missing config', async () => {
    const help = await run(['--help'], ROOT);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: npm run rules:check/);
    const wrong = await run(['--strict'], ROOT);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(
      /--strict[\s\S]*npm run rules:check -- --help lists the options\.\n$/,
    );
    const missing = await run(['--config', 'nowhere.json'], dir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nowhere\.json does not exist/);
  });
});
