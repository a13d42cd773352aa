import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** `npm start` (without its build step: `npm test` has built already) as a child process. */
export interface DevServer {
  readonly child: ChildProcess;
  readonly output: () => string;
  readonly exited: Promise<number | null>;
}

export function startDevServer(stateDir: string, extraArgs: string[] = []): DevServer {
  const child = spawn(
    process.execPath,
    ['scripts/start.ts', '--state-dir', stateDir, ...extraArgs],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, FORCE_COLOR: '0' },
    },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { child, output: () => output, exited };
}

export async function waitForBanner(server: DevServer): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!server.output().includes('Ctrl-C saves the state')) {
    if (server.child.exitCode !== null)
      throw new Error(`npm start exited early:\n${server.output()}`);
    if (Date.now() > deadline) throw new Error(`npm start did not come up:\n${server.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function stopDevServer(server: DevServer): Promise<number | null> {
  if (server.child.exitCode === null) server.child.kill('SIGINT');
  return server.exited;
}
