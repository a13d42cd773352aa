import type { LocalCloud } from '@gadget/local-cloud';
import type { Seed } from '../seed/seed-files.ts';
import { connectAnApp } from './connect-an-app.ts';
import { demoLoginLines, unclaimedLine } from './demo-gadgets.ts';
import type { DemoGadgets } from './demo-gadgets.ts';

export interface BannerFacts {
  /** What was loaded: the seed's counts, or the state restored. */
  readonly dataSummary: string;
  readonly schedules: readonly string[];
  readonly stateDir: string;
  /** The seed's users and its gadgets as they are now. */
  readonly demo: { readonly users: Seed['users']; readonly gadgets: DemoGadgets };
  /** Whether every function log line is printed (`--verbose`), or one per invocation. */
  readonly verbose: boolean;
  /** Whether requests naming another project are refused (firebase.json's singleProjectMode). */
  readonly singleProject: boolean;
}

/** What a developer needs to point an app at the running backend. */
export function printBanner(cloud: LocalCloud, facts: BannerFacts): void {
  const { dataSummary: seedSummary, schedules, stateDir } = facts;
  const { host, ports, projectId } = cloud;
  const logsPage =
    cloud.consoleUrl === undefined
      ? `http://${cloud.host}:${String(cloud.ports.control)}/logs`
      : `${cloud.consoleUrl}/#/logs`;
  const functions = cloud.functions.map((fn) => `${fn.name} (${fn.trigger.kind})`).join(', ');
  const lines = [
    '',
    `Gadget backend running on local-cloud — project ${projectId}`,
    '',
    `  Auth        http://${host}:${ports.auth}`,
    `  Functions   http://${host}:${ports.functions}/${projectId}/us-central1/{name}`,
    `  Firestore   ${host}:${ports.firestore} (gRPC, WebChannel and REST)`,
    `  Storage     http://${host}:${ports.storage}  bucket ${cloud.storageBucket}`,
    `  Scheduler   ${cloud.schedulerServer.address} (Cloud Scheduler gRPC, for the users' reminders)`,
    `  Control     http://${host}:${ports.control}  (GET /health, GET /outbox, POST /reset, GET /ops, GET /events)`,
    ...(cloud.consoleUrl === undefined
      ? []
      : [
          `  Console     ${cloud.consoleUrl}  (Firestore, Requests, Auth, Storage, Logs, Outbox, …)`,
        ]),
    '',
    `  Functions: ${functions}`,
    ...(schedules.length > 0 ? [`  Schedules: ${schedules.join('; ')}`] : []),
    `  Data: ${seedSummary}`,
    '',
    ...demoLoginLines(facts.demo.users, facts.demo.gadgets).map((line) => `  Demo login: ${line}`),
    `  Unclaimed:  ${unclaimedLine(facts.demo.gadgets)}`,
    '',
    '  Connect an app (the web SDK; the README has the same block):',
    ...connectAnApp(cloud)
      .split('\n')
      .map((line) => (line === '' ? '' : `    ${line}`)),
    '',
    `    firebase-admin: FIRESTORE_EMULATOR_HOST=${host}:${ports.firestore} FIREBASE_AUTH_EMULATOR_HOST=${host}:${ports.auth} FIREBASE_STORAGE_EMULATOR_HOST=${host}:${ports.storage}`,
    '',
    ...(facts.singleProject
      ? [
          `  Project ${projectId} only: a request naming another project is refused, and said so here.`,
        ]
      : []),
    facts.verbose
      ? `  Function logs: every line below; also on the Logs page, ${logsPage}`
      : `  Function logs: one line per invocation below; every line on the Logs page, ${logsPage}, or with npm start -- --verbose`,
    '',
    `  Ctrl-C saves the state to ${stateDir} and stops.`,
    '',
  ];
  process.stdout.write(lines.join('\n') + '\n');
}
