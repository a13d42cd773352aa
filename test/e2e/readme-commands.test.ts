// The README, word for word: its commands, run as it writes them in child processes against
// `npm start`, say what it promises; and the ports it lists are the ones `npm start` binds.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deleteApp, initializeApp } from 'firebase-admin/app';
import { getFirestore } from 'firebase-admin/firestore';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readFirebaseJsonPorts } from '@gadget/local-cloud';
import type { LocalCloudPorts } from '@gadget/local-cloud';
import { MAINTENANCE_TASK_NAMES } from '../../functions/src/services/maintenance/tasks.ts';
import { startDevServer, stopDevServer, waitForBanner } from './dev-server-process.ts';
import type { DevServer } from './dev-server-process.ts';
import { signInDemo } from './console/demo-app.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const README = readFileSync(`${ROOT}README.md`, 'utf8');
const PORTS = readFirebaseJsonPorts(`${ROOT}firebase.json`);
const CONTROL = `http://127.0.0.1:${String(PORTS.control)}`;
const DEMO_TOKEN = 'demo-push-token-not-a-real-phone';

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** `npm run <script> -- <args>` from `cwd`, as a newcomer's shell runs it: no emulator variables. */
function npmRun(command: string, cwd = ROOT): Promise<Run> {
  const env: NodeJS.ProcessEnv = Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) =>
        !name.endsWith('_EMULATOR_HOST') &&
        name !== 'LOCAL_CLOUD_SCHEDULER_ENDPOINT' &&
        name !== 'GCLOUD_PROJECT',
    ),
  );
  env.FORCE_COLOR = '0';
  const [npm = '', ...args] = command.split(' ');
  expect(npm).toBe('npm');
  const child = spawn('npm', args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => {
    child.once('close', (code) => {
      resolve({ code, stdout, stderr });
    });
  });
}

/** The command as the README's Commands table writes it, so the test runs what newcomers copy. */
/** The demo user's `ensureProfile`, as the app calls it on sign-in: the HTTP status. */
async function ensureDemoProfile(): Promise<number> {
  const idToken = await signInDemo();
  const answer = await fetch(
    `http://127.0.0.1:${String(PORTS.functions)}/demo-gadget/us-central1/ensureProfile`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${idToken}` },
      body: JSON.stringify({ data: {} }),
    },
  );
  await answer.arrayBuffer();
  return answer.status;
}

function readmeCommand(prefix: string): string {
  const found = new RegExp(`\`(${prefix}[^\`]*)\``).exec(README);
  if (found?.[1] === undefined) throw new Error(`The README has no command starting ${prefix}`);
  return found[1];
}

/** `npm run` prints its own header lines (`> name@0.1.0 script`); the script's output follows. */
function scriptOutput(text: string): string[] {
  return text.split('\n').filter((line) => line !== '' && !line.startsWith('> '));
}

const COMPONENT_NAMES: Record<keyof LocalCloudPorts, RegExp> = {
  auth: /Auth/,
  functions: /Functions/,
  firestore: /Firestore/,
  storage: /Storage/,
  scheduler: /Cloud Scheduler/,
  control: /control API/,
};

/** Reads `Name (1234` or `Name :1234` pairs of a text into ports by component. */
function portsIn(text: string, pattern: (name: string) => RegExp): Partial<LocalCloudPorts> {
  const ports: Partial<LocalCloudPorts> = {};
  for (const [component, name] of Object.entries(COMPONENT_NAMES)) {
    const found = pattern(name.source).exec(text);
    if (found?.[1] !== undefined) ports[component as keyof LocalCloudPorts] = Number(found[1]);
  }
  return ports;
}

const stateDir = mkdtempSync(join(tmpdir(), 'gadget-readme-'));

describe('the README, word for word, against npm start', () => {
  // npm finds the project from a folder inside it, and --out is relative to where npm was run.
  const shellDir = mkdtempSync(join(ROOT, 'test/e2e/.readme-shell-'));
  let server: DevServer;

  // Started as the README says to leave the console out; console.test.ts starts it with one.
  const noConsole = /\(`npm start -- (--no-console)` leaves it out\)/.exec(README)?.[1];

  beforeAll(async () => {
    server = startDevServer(stateDir, ['--reset', ...(noConsole === undefined ? [] : [noConsole])]);
    await waitForBanner(server);
  }, 90_000);

  afterAll(async () => {
    // The state it saves is where the next describe restarts from; that one removes it.
    await stopDevServer(server);
    rmSync(shellDir, { recursive: true, force: true });
  });

  it('lists, in the Quickstart, --help and Troubleshooting, the ports npm start binds', async () => {
    const health = (await (await fetch(`${CONTROL}/health`)).json()) as { ports: LocalCloudPorts };
    expect(health.ports).toEqual(PORTS);

    const quickstart = README.slice(README.indexOf('`npm start` builds the functions'));
    expect(portsIn(quickstart, (name) => new RegExp(`${name} \\((\\d+)`))).toEqual(PORTS);

    const help = await new Promise<string>((resolve) => {
      const child = spawn(process.execPath, ['scripts/start.ts', '--help'], { cwd: ROOT });
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      child.once('close', () => {
        resolve(out);
      });
    });
    expect(portsIn(help, (name) => new RegExp(`${name} :(\\d+)`))).toEqual(PORTS);

    const troubleshooting = README.slice(README.indexOf('## Troubleshooting'));
    const listed = [...troubleshooting.matchAll(/\b(\d{4})\b/g)].map((match) => Number(match[1]));
    expect(new Set(listed)).toEqual(new Set(Object.values(PORTS)));
  });

  it("prints the seed's gadgets as they are, one line per invocation, and where every line is", async () => {
    const output = server.output();
    expect(output).toContain(
      '  Demo login: demo@gadget.test / gadget-demo (owns air-1 GDG-DEMO-0101)',
    );
    expect(output).toContain(
      `  Unclaimed:  ${[1, 2, 3, 4, 5].map((n) => `GDG-DEMO-000${String(n)} (DEMO-000${String(n)}-AA)`).join(', ')}`,
    );
    // Without the console, the control API's copy of the logs.
    expect(output).toContain(
      `  Function logs: one line per invocation below; every line on the Logs page, ${CONTROL}/logs, or with npm start -- --verbose`,
    );
    expect(await ensureDemoProfile()).toBe(200);
    await vi.waitFor(
      () => {
        expect(server.output()).toMatch(/\n\d\d:\d\d:\d\d ensureProfile 200 \(\d+ ms\)\n/);
      },
      { timeout: 10_000, interval: 100 },
    );
    expect(server.output()).not.toContain('Callable request verification passed');
    // Every line is still kept, for the console's Logs page.
    const logs = (await (await fetch(`${CONTROL}/logs`)).json()) as {
      logs: { function: string | null; message: string }[];
    };
    expect(logs.logs).toContainEqual(
      expect.objectContaining({
        function: 'ensureProfile',
        message: 'Callable request verification passed',
      }),
    );
  });

  it('refuses a request naming another project, in its error and once on the terminal', async () => {
    const promised =
      /- \*\*`not-found`: `(This emulator serves project demo-gadget only [^`…]*)…`\*\*/.exec(
        README.replace(/\s+/g, ' '),
      )?.[1];
    expect(promised).toBeDefined();
    const read = () =>
      fetch(
        `http://127.0.0.1:${String(PORTS.firestore)}/v1/projects/gadget-prod/databases/(default)/documents/devices/demo-air-0101`,
      );
    const refused = await read();
    expect(refused.status).toBe(404);
    const message = ((await refused.json()) as { error: { message: string } }).error.message;
    expect(message).toContain(promised);
    expect(message).toContain("request is for project gadget-prod: use projectId 'demo-gadget'");
    await read();
    const warnings = server
      .output()
      .split('\n')
      .filter((line) => line.startsWith('[local-cloud firestore] refused a request'));
    expect(warnings).toEqual([`[local-cloud firestore] refused a request: ${message}`]);
    const health = (await (await fetch(`${CONTROL}/health`)).json()) as {
      refusedProjects: { service: string; project: string; count: number }[];
    };
    expect(health.refusedProjects).toContainEqual(
      expect.objectContaining({ service: 'Firestore', project: 'gadget-prod', count: 2 }),
    );
  });

  it('refuses options npm kept for itself, and wrong ones, in one line and exit code 2', async () => {
    const promised = /- \*\*`(npm took --reset as its own setting[^`]+)`\*\*/.exec(README)?.[1];
    expect(promised).toBe(
      'npm took --reset as its own setting, so the script never saw it; type npm start -- --reset',
    );
    // As the Quickstart's mistake is typed; npm start builds first, then refuses.
    const reset = await npmRun('npm start --reset');
    expect(reset.code).toBe(2);
    expect(scriptOutput(reset.stderr).slice(-2)).toEqual([
      promised,
      'npm start -- --help lists the options.',
    ]);
    const seed = await npmRun('npm run seed --project demo-gadget');
    expect(seed.code).toBe(2);
    // After npm's own warnings about the option it does not know.
    expect(scriptOutput(seed.stderr).slice(-2)).toEqual([
      'npm took --project … as its own setting, so the script never saw it; type npm run seed -- --project …',
      'npm run seed -- --help lists the options.',
    ]);
    for (const [command, script] of [
      ['npm start -- --bogus', 'npm start'],
      ['npm run seed -- --bogus', 'npm run seed'],
      ['npm run emulators -- --bogus', 'npm run emulators'],
      ['npm run test:emulators -- --bogus', 'npm run test:emulators'],
    ] as const) {
      const run = await npmRun(command);
      expect(run.code, command).toBe(2);
      expect(scriptOutput(run.stderr).slice(-2), command).toEqual([
        "Unknown option '--bogus'",
        `${script} -- --help lists the options.`,
      ]);
      expect(run.stderr, command).not.toContain('TypeError');
    }
  }, 120_000);

  it('serves no console on :4000 with --no-console, while the rest runs', async () => {
    expect(noConsole).toBe('--no-console');
    expect(server.output()).not.toContain('Console ');
    const refused = await fetch('http://127.0.0.1:4000/').then(
      () => 'answered',
      (error: unknown) => String((error as { cause?: { code?: string } }).cause?.code),
    );
    expect(refused).toBe('ECONNREFUSED');
    const health = await fetch(`${CONTROL}/health`);
    expect(health.status).toBe(200);
  });

  it('refuses a second npm start with the Troubleshooting message and no stray gRPC line', async () => {
    const second = startDevServer(mkdtempSync(join(tmpdir(), 'gadget-readme-2-')));
    expect(await second.exited).toBe(1);
    const promised = /- \*\*`(local-cloud could not start: [^`]+)`\*\*/.exec(README)?.[1];
    expect(promised?.replace(/\s+/g, ' ')).toBeDefined();
    expect(second.output().replace(/\s+/g, ' ')).toContain(promised?.replace(/\s+/g, ' '));
    expect(second.output()).toContain(
      `lsof -i :${String(PORTS.firestore)}), or move it with emulators.firestore.port in firebase.json.`,
    );
    expect(second.output()).not.toMatch(/No address added|choose another port/);
  }, 60_000);

  it('provisions with the Commands row, on npm start, without any variable set', async () => {
    const command = readmeCommand('npm run provision');
    expect(command).toBe('npm run provision -- --model thermo-1 --count 100 --out codes.csv');
    const run = await npmRun(command, shellDir);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      `Provisioned 100 thermo-1 device(s) in demo-gadget (the Firestore emulator at 127.0.0.1:${String(PORTS.firestore)})`,
    );
    const rows = readFileSync(join(shellDir, 'codes.csv'), 'utf8').trimEnd().split('\n');
    expect(rows).toHaveLength(101);
  }, 60_000);

  it('runs the fleet row, shortened, and it finds every reading stored once', async () => {
    const command = readmeCommand('npm run fleet -- ');
    expect(command).toMatch(/^npm run fleet -- --gadgets \d+ --model air-1 --interval 60 /);
    // The README's command with fewer gadgets, a short run and simulated time (later flags win).
    const run = await npmRun(`${command} --gadgets 3 --duration 6 --speed 60`, shellDir);
    expect(run.code).toBe(0);
    const last = scriptOutput(run.stdout).at(-1) ?? '';
    expect(last).toMatch(/^fleet: 3 gadgets, \d+ readings accepted, 0 lost, 0 duplicated$/);
    expect(Number(/(\d+) readings accepted/.exec(last)?.[1])).toBeGreaterThan(0);
  }, 90_000);

  it('stops the fleet cleanly on Ctrl-C, its data consistent', async () => {
    const child = spawn('npm', ['run', 'fleet', '--', '--gadgets', '3', '--speed', '60'], {
      cwd: ROOT,
      env: { ...process.env, FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
      // A process group of its own, as a terminal's Ctrl-C reaches npm and the script alike.
      detached: true,
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.resume();
    const closed = new Promise<number | null>((resolve) => child.once('close', resolve));
    await vi.waitFor(
      () => {
        expect(stdout).toMatch(/readings stored [1-9]/);
      },
      {
        timeout: 60_000,
        interval: 200,
      },
    );
    process.kill(-(child.pid ?? 0), 'SIGINT');
    // npm passes the signal on and ends by it once the script has finished; the script's own
    // report says how it stopped.
    await closed;
    expect(scriptOutput(stdout).at(-1)).toMatch(
      /^fleet: 3 gadgets, \d+ readings accepted, 0 lost, 0 duplicated$/,
    );
  }, 90_000);

  it('makes a signing key and releases firmware with the Commands rows, once, and refuses an unknown model in one line', async () => {
    const keygen = await npmRun(readmeCommand('npm run firmware:keygen'), shellDir);
    expect(keygen.code).toBe(0);
    // The public key alone on stdout, as the firmware embeds it: the raw 32 bytes in base64.
    expect(scriptOutput(keygen.stdout)).toEqual([expect.stringMatching(/^[A-Za-z0-9+/]{43}=$/)]);
    expect(readFileSync(join(shellDir, 'firmware-key.pem'), 'utf8')).toMatch(
      /^-----BEGIN PRIVATE KEY-----\n/,
    );

    // The image the row names, beside the key, where the operator runs the command.
    writeFileSync(join(shellDir, 'fw.bin'), randomBytes(64 * 1024));
    const command = readmeCommand('npm run firmware:release');
    expect(command).toBe(
      'npm run firmware:release -- --model thermo-1 --version 1.4.0 --file fw.bin --signing-key firmware-key.pem',
    );
    const released = await npmRun(command, shellDir);
    expect(released.stderr).toBe('');
    expect(released.code).toBe(0);
    expect(released.stdout).toContain('Released thermo-1 firmware 1.4.0 in demo-gadget.');
    expect(released.stdout).toContain('firmware/thermo-1/1.4.0/image.bin, 65536 bytes');

    const again = await npmRun(command, shellDir);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(
      'thermo-1 firmware 1.4.0 was already released; nothing changed.',
    );

    const refused = await npmRun('npm run firmware:release -- --model nope --version 1.4.0');
    expect(refused.code).toBe(2);
    expect(scriptOutput(refused.stderr)).toEqual([
      '--model must be one of thermo-1, air-1',
      'npm run firmware:release -- --help lists the options.',
    ]);
  }, 60_000);

  it('refuses an unknown maintenance task in one line naming the tasks', async () => {
    const run = await npmRun('npm run maintenance -- --task bogus');
    expect(run.code).toBe(2);
    expect(scriptOutput(run.stderr)).toEqual([
      `--task bogus is not a task; the tasks are ${MAINTENANCE_TASK_NAMES.join(', ')}`,
      'npm run maintenance -- --help lists the options.',
    ]);
  }, 60_000);

  it('runs the Operations dry run, saying "would delete" and each task once', async () => {
    const run = await npmRun('npm run maintenance -- --dry-run');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    // The functions' structured logs (one JSON object a line, for Cloud Logging) are not the report.
    const lines = scriptOutput(run.stdout).filter((line) => !line.startsWith('{"event"'));
    expect(lines[0]).toBe('Dry run of nightly maintenance on demo-gadget');
    expect(run.stdout).not.toMatch(/\d deleted|\d fixed|would be/);
    for (const task of ['expiredDocuments', 'reconcileSchedules']) {
      expect(lines.filter((line) => line.includes(task))).toEqual([
        expect.stringMatching(new RegExp(`^${task}: would delete \\d+, would fix \\d+; done$`)),
      ]);
    }
  }, 60_000);

  it('re-seeds a backend with a claimed demo gadget and leaves it claimed', async () => {
    const signIn = await fetch(
      `http://127.0.0.1:${String(PORTS.auth)}/identitytoolkit.googleapis.com/v1/accounts:signInWithPassword?key=demo-key`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          email: 'demo@gadget.test',
          password: 'gadget-demo',
          returnSecureToken: true,
        }),
      },
    );
    const { idToken } = (await signIn.json()) as { idToken: string };
    const claim = await fetch(
      `http://127.0.0.1:${String(PORTS.functions)}/demo-gadget/us-central1/claimDevice`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${idToken}` },
        body: JSON.stringify({ data: { serial: 'GDG-DEMO-0001', claimCode: 'DEMO-0001-AA' } }),
      },
    );
    expect(claim.status).toBe(200);
    const { result } = (await claim.json()) as { result: { deviceId: string } };

    const run = await npmRun('npm run seed');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('demo-gadget: seeded 0 user(s), 0 push token(s), 0 registry');
    expect(run.stdout).toContain('npm start -- --reset starts again from the seed');

    process.env.METADATA_SERVER_DETECTION = 'none';
    const app = initializeApp({ projectId: 'demo-gadget' }, 'readme-seed');
    try {
      const firestore = getFirestore(app);
      firestore.settings({ host: `127.0.0.1:${String(PORTS.firestore)}`, ssl: false });
      const entry = await firestore.doc('deviceRegistry/GDG-DEMO-0001').get();
      expect(entry.get('claimedBy')).toBe('demo-user');
      expect(entry.get('deviceId')).toBe(result.deviceId);
      expect((await firestore.doc(`devices/${result.deviceId}`).get()).get('ownerUid')).toBe(
        'demo-user',
      );
      await firestore.terminate();
    } finally {
      await deleteApp(app);
    }
  }, 60_000);

  it('shows the offline push in the outbox after a watchdog run, as Operations describes', async () => {
    const run = await fetch(`${CONTROL}/schedules/deviceWatchdog:run`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
    });
    expect(run.ok).toBe(true);
    // The push is sent by the trigger the watchdog's write causes, after the run has answered.
    await vi.waitFor(
      async () => {
        const outbox = (await (await fetch(`${CONTROL}/outbox`)).json()) as {
          messages: { message: { token: string; data?: { kind?: string } } }[];
        };
        expect(outbox.messages).toContainEqual(
          expect.objectContaining({
            message: expect.objectContaining({
              token: DEMO_TOKEN,
              data: expect.objectContaining({ kind: 'offline' }) as unknown,
            }) as unknown,
          }),
        );
      },
      { timeout: 30_000, interval: 200 },
    );
  }, 60_000);
});

describe('npm start -- --verbose, restarted on the state the first run saved', () => {
  let server: DevServer;

  beforeAll(async () => {
    server = startDevServer(stateDir, ['--verbose', '--no-console']);
    await waitForBanner(server);
  }, 90_000);

  afterAll(async () => {
    await stopDevServer(server);
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('lists the gadgets as they are now: the one claimed since is owned, no longer unclaimed', () => {
    const output = server.output();
    expect(output).toContain(
      '  Demo login: demo@gadget.test / gadget-demo (owns thermo-1 GDG-DEMO-0001, air-1 GDG-DEMO-0101)',
    );
    expect(output).toContain(
      `  Unclaimed:  ${[2, 3, 4, 5].map((n) => `GDG-DEMO-000${String(n)} (DEMO-000${String(n)}-AA)`).join(', ')}`,
    );
  });

  it('prints every line the functions log', async () => {
    expect(server.output()).toContain(
      `  Function logs: every line below; also on the Logs page, ${CONTROL}/logs`,
    );
    expect(await ensureDemoProfile()).toBe(200);
    await vi.waitFor(
      () => {
        expect(server.output()).toContain('Callable request verification passed');
      },
      { timeout: 10_000, interval: 100 },
    );
    expect(server.output()).not.toMatch(/\d\d:\d\d:\d\d ensureProfile 200/);
  });
});
