import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAuthServer } from './auth/index.ts';
import type { AuthServer } from './auth/index.ts';
import { startFirestoreServer } from './firestore/index.ts';
import type { FirestoreServer } from './firestore/index.ts';
import { startStorageServer } from './storage/index.ts';
import { startSchedulerServer } from './scheduler/index.ts';
import type { SchedulerServer } from './scheduler/index.ts';
import { httpFirer } from './scheduler/http-target.ts';
import type { StorageServer } from './storage/index.ts';
import { startControlApi, UnknownScheduleError } from './control/control-api.ts';
import type { EmulatorInfo } from './control/control-api.ts';
import { Outbox } from './control/outbox.ts';
import { startConsoleServer } from './control/console-server.ts';
import { FunctionActivity } from './control/function-activity.ts';
import { LiveEvents } from './control/live-events.ts';
import { nextRun, ownedJobView } from './control/schedules-view.ts';
import type { JobOwnerOf } from './control/schedules-view.ts';
import type { FirestoreMethod } from './firestore/faults.ts';
import { status } from '@grpc/grpc-js';
import { DEFAULT_PROJECT_ID } from './default-project.ts';
import { EventDispatcher } from './host/dispatcher.ts';
import type { Delivery, DeliverySwitches, RetryPolicy } from './host/dispatcher.ts';
import { readFunctionsEnv } from './host/dotenv.ts';
import type { FunctionDescription } from './host/endpoints.ts';
import { EventRouter } from './host/event-router.ts';
import { bootFunctionHost } from './host/function-host.ts';
import type { FunctionHost } from './host/function-host.ts';
import { closeServer } from './net/close.ts';
import { decisionView } from './rules/decision-view.ts';
import type { LocalCloudPorts } from './ports.ts';

export type { LocalCloudPorts } from './ports.ts';

export interface LocalCloudOptions {
  readonly projectId?: string;
  readonly host?: string;
  /** 0 picks a free port; all free by default (tests), firebase.json's for the dev server. */
  readonly ports?: Partial<LocalCloudPorts>;
  /** Where Storage keeps blobs; a temporary folder (removed on stop) by default. */
  readonly storageDir?: string;
  /** The built functions; without it only the backends run. */
  readonly functions?: { readonly bundle: string; readonly functionsDir: string };
  /** Extra variables for the functions, over the .env files (e.g. APP_CHECK_ENFORCED=false). */
  readonly functionsEnv?: Record<string, string>;
  readonly indexesFile?: string;
  readonly strictIndexes?: boolean;
  /**
   * The security rules files to evaluate for client requests, reloaded when they change (as
   * firebase.json names them for the Emulator Suite). Without one a service allows every client
   * request until rules are loaded through its emulator endpoint.
   */
  readonly rules?: { readonly firestore?: string; readonly storage?: string };
  /** Told when a rules file changed: undefined once reloaded, else why it did not compile. */
  readonly onRulesReload?: (file: string, error: Error | undefined) => void;
  readonly logs?: 'inherit' | 'silent';
  readonly retry?: Partial<RetryPolicy>;
  /** A built console (static files) to serve on `port`; it reaches every service through it. */
  readonly console?: { readonly dir: string; readonly port: number };
  /** What POST /seed (the console's "Load the seed") runs; called only after start. */
  readonly seed?: () => Promise<unknown>;
  /**
   * Whose a Cloud Scheduler job is (a uid), for the console's Schedules page: only the program
   * knows how its jobs name their users. Without it, jobs are listed with no owner.
   */
  readonly schedulerJobOwner?: JobOwnerOf;
}

export interface LocalCloud {
  readonly projectId: string;
  readonly host: string;
  readonly ports: LocalCloudPorts;
  readonly storageBucket: string;
  /** The variables that point firebase-admin and the Cloud SDKs at this instance. */
  readonly emulatorEnv: Readonly<Record<string, string>>;
  readonly firestoreServer: FirestoreServer;
  readonly authServer: AuthServer;
  readonly storageServer: StorageServer;
  /** Cloud Scheduler (gRPC): jobs, scripted failures, firing on demand or when due. */
  readonly schedulerServer: SchedulerServer;
  readonly outbox: Outbox;
  readonly functions: readonly FunctionDescription[];
  /** The params as the functions resolved them (secrets left out). */
  readonly params: Readonly<Record<string, string>>;
  /** Switches for event delivery: deliver twice, reverse order, delay. */
  configureDelivery(switches: Partial<DeliverySwitches>): void;
  /** Resolves when no event is in flight, queued, held or awaiting a retry. */
  idle(): Promise<void>;
  runSchedule(name: string, scheduleTime?: Date): Promise<void>;
  /** Empties every backend and the outbox, clears faults and switches; the functions keep running. */
  reset(): Promise<void>;
  stop(): Promise<void>;
  /** Delivery log: what was delivered, retried and given up on. */
  readonly deliveries: readonly DeliveryRecord[];
  /** Where the console is served, when `console` was given. */
  readonly consoleUrl: string | undefined;
}

export interface DeliveryRecord {
  readonly functionName: string;
  readonly eventId: string;
  readonly type: string;
  readonly attempt: number;
  readonly outcome: 'delivered' | 'failed-will-retry' | 'gave-up';
  readonly error?: string;
}

const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 5, initialBackoffMs: 100, maxBackoffMs: 2_000 };

/** Starts Firestore, Auth, Storage, the control API and (given a bundle) the functions. */
export async function startLocalCloud(options: LocalCloudOptions = {}): Promise<LocalCloud> {
  const projectId = options.projectId ?? DEFAULT_PROJECT_ID;
  const host = options.host ?? '127.0.0.1';
  const storageBucket = `${projectId}.appspot.com`;
  const wanted = {
    auth: 0,
    functions: 0,
    firestore: 0,
    storage: 0,
    control: 0,
    scheduler: 0,
    ...options.ports,
  };
  const ownStorageDir = options.storageDir === undefined;
  const storageDir = options.storageDir ?? mkdtempSync(join(tmpdir(), 'local-cloud-storage-'));
  const stoppers: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stoppers.splice(0).reverse()) await stop();
    if (ownStorageDir) rmSync(storageDir, { recursive: true, force: true });
  };

  const startedAt = new Date();
  const live = new LiveEvents();
  const activity = new FunctionActivity();
  try {
    // Loading the bundle takes longest, so it starts first and overlaps the backends' start-up.
    const booting =
      options.functions === undefined
        ? undefined
        : bootFunctionHost({
            bundle: options.functions.bundle,
            projectId,
            logs: options.logs ?? 'inherit',
            observer: (report) => {
              const entry = activity.record(report);
              live.publish(report.type === 'log' ? 'log' : 'invocation', {
                name: report.name,
                ...entry,
              });
            },
            env: {
              ...readFunctionsEnv(options.functions.functionsDir, projectId),
              ...options.functionsEnv,
              GCLOUD_PROJECT: projectId,
              GOOGLE_CLOUD_PROJECT: projectId,
              FIREBASE_CONFIG: JSON.stringify({ projectId, storageBucket }),
              FUNCTIONS_EMULATOR: 'true',
              FIREBASE_DEBUG_MODE: 'true',
              FIREBASE_DEBUG_FEATURES: JSON.stringify({
                skipTokenVerification: true,
                enableCors: true,
              }),
              METADATA_SERVER_DETECTION: 'none',
            },
          });
    if (booting !== undefined) stoppers.push(() => booting.stop());
    const firestoreRules = options.rules?.firestore;
    const firestoreServer = await startFirestoreServer({
      host,
      port: wanted.firestore,
      ...(options.indexesFile === undefined ? {} : { indexesFile: options.indexesFile }),
      strictIndexes: options.strictIndexes ?? true,
      ...(firestoreRules === undefined
        ? {}
        : {
            rulesFile: firestoreRules,
            onRulesReload: (error) => options.onRulesReload?.(firestoreRules, error),
          }),
    });
    stoppers.push(() => firestoreServer.stop());
    const authServer = await startAuthServer({
      host,
      port: wanted.auth,
      defaultProject: projectId,
    });
    stoppers.push(() => authServer.stop());
    const storageRules = options.rules?.storage;
    const storageServer = await startStorageServer({
      host,
      port: wanted.storage,
      dataDir: storageDir,
      defaultBucket: storageBucket,
      projectId,
      // The Storage rules' firestore.get() and firestore.exists() read this project's Firestore.
      firestore: firestoreServer.frontend.engine,
      ...(storageRules === undefined
        ? {}
        : {
            rulesFile: storageRules,
            onRulesReload: (error) => options.onRulesReload?.(storageRules, error),
          }),
    });
    stoppers.push(() => storageServer.stop());
    const schedulerServer = await startSchedulerServer({ host, port: wanted.scheduler });
    stoppers.push(() => schedulerServer.stop());

    const outbox = new Outbox();
    const deliveries: DeliveryRecord[] = [];
    let functionHost: FunctionHost | undefined;
    const dispatcher = new EventDispatcher(
      (delivery: Delivery) => {
        if (functionHost === undefined) return Promise.resolve();
        return functionHost.invoke(delivery.functionName, delivery.event, delivery.encodeFirestore);
      },
      { ...DEFAULT_RETRY, ...options.retry },
      {
        delivered: (delivery, attempt) => {
          deliveries.push(record(delivery, attempt, 'delivered'));
          live.publish('delivery', deliveries.at(-1));
        },
        failed: (delivery, attempt, error, willRetry) => {
          deliveries.push(
            record(delivery, attempt, willRetry ? 'failed-will-retry' : 'gave-up', error),
          );
          live.publish('delivery', deliveries.at(-1));
          if (!willRetry && options.logs !== 'silent') {
            console.error(
              `[local-cloud] gave up on ${delivery.event.type} for ${delivery.functionName} after ${attempt} attempt(s): ${error.message.split('\n')[0] ?? ''}`,
            );
          }
        },
      },
    );
    stoppers.push(() => {
      dispatcher.stop();
      return Promise.resolve();
    });

    const emulatorEnv: Record<string, string> = {
      GCLOUD_PROJECT: projectId,
      GOOGLE_CLOUD_PROJECT: projectId,
      FIRESTORE_EMULATOR_HOST: firestoreServer.address,
      FIREBASE_AUTH_EMULATOR_HOST: authServer.hostAndPort,
      FIREBASE_STORAGE_EMULATOR_HOST: storageServer.hostAndPort,
      STORAGE_EMULATOR_HOST: storageServer.url,
      // There are no credentials locally; without this google-auth-library probes for a GCE
      // metadata server before every client's first call.
      METADATA_SERVER_DETECTION: 'none',
    };

    // The control API's handlers reach `localCloud` only when called, after it exists.
    const control = await startControlApi(
      {
        outbox,
        live,
        health: () => ({
          projectId,
          storageBucket,
          ports: localCloud.ports,
          functions: localCloud.functions.map((f) => f.name),
        }),
        emulators: () => {
          const at = (name: string, port: number): EmulatorInfo => ({ name, host, port });
          const p = localCloud.ports;
          return {
            hub: at('hub', p.control),
            firestore: at('firestore', p.firestore),
            auth: at('auth', p.auth),
            storage: at('storage', p.storage),
            ...(options.functions === undefined ? {} : { functions: at('functions', p.functions) }),
            scheduler: at('scheduler', p.scheduler),
          };
        },
        reset: () => localCloud.reset(),
        runSchedule: (name) => localCloud.runSchedule(name),
        ops: () => ({ ...firestoreServer.ops() }),
        rulesEvaluations: () =>
          [...firestoreServer.rules.recent(), ...storageServer.rules.recent()]
            .map(decisionView)
            .sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0)),
        resetOps: () => {
          firestoreServer.resetOps();
        },
        seed: options.seed,
        functions: () => localCloud.functions.map((f) => ({ ...f, stats: activity.stats(f.name) })),
        logs: () => activity.logs(),
        delivery: () => {
          const { running, held } = dispatcher.pending;
          const brief = (d: Delivery) => ({
            functionName: d.functionName,
            eventId: d.event.id,
            type: d.event.type,
            subject: d.event.subject ?? null,
          });
          return {
            switches: dispatcher.switches,
            running: running.map(brief),
            held: held.map(brief),
            deliveries: deliveries.slice(-200),
          };
        },
        configureDelivery: (switches) => {
          dispatcher.configure(switches);
        },
        injectFault: (method, code, count) => {
          const known = Object.values(status).find((s): s is status => Number(s) === code);
          if (known === undefined) throw new Error(`${String(code)} is no gRPC status code`);
          firestoreServer.injectFault(method as FirestoreMethod, known, count);
        },
        clearFaults: () => {
          firestoreServer.clearFaults();
        },
        schedules: async () => {
          const now = new Date();
          const jobs = await Promise.all(
            schedulerServer
              .jobs()
              .map((job) =>
                ownedJobView(job, options.schedulerJobOwner, (uid) =>
                  authServer.describeUser(projectId, uid),
                ),
              ),
          );
          return {
            functions: localCloud.functions.flatMap((f) =>
              f.trigger.kind === 'schedule'
                ? [
                    {
                      name: f.name,
                      schedule: f.trigger.schedule,
                      timeZone: f.trigger.timeZone,
                      nextRun: nextRun(f.trigger.schedule, f.trigger.timeZone, now, startedAt),
                      stats: activity.stats(f.name),
                    },
                  ]
                : [],
            ),
            jobs,
          };
        },
      },
      host,
      wanted.control,
    );
    stoppers.push(() => {
      live.close();
      return closeServer(control);
    });
    const decisions = (d: Parameters<typeof decisionView>[0]) => {
      live.publish('rules', decisionView(d));
    };
    const liveFeeds = [
      firestoreServer.onChange((change) => {
        live.publish('firestore', {
          path: change.path,
          exists: change.after !== null,
          existed: change.before !== null,
        });
      }),
      firestoreServer.rules.onDecision(decisions),
      storageServer.rules.onDecision(decisions),
      outbox.onCapture((captured) => {
        live.publish('push', captured);
      }),
      authServer.onUserCreated((_project, user) => {
        live.publish('auth', { uid: user.uid, change: 'created' });
      }),
      authServer.onUserDeleted((_project, user) => {
        live.publish('auth', { uid: user.uid, change: 'deleted' });
      }),
      storageServer.onFinalize((object) => {
        live.publish('storage', { name: object.name, bucket: object.bucket, change: 'finalized' });
      }),
      storageServer.onDelete((object) => {
        live.publish('storage', { name: object.name, bucket: object.bucket, change: 'deleted' });
      }),
    ];
    stoppers.push(() => {
      for (const stop of liveFeeds) stop();
      return Promise.resolve();
    });

    let consoleUrl: string | undefined;
    if (options.console !== undefined) {
      const controlOrigin = (port: number) => `http://${host}:${String(port)}`;
      const consoleServer = await startConsoleServer({
        dir: options.console.dir,
        host,
        port: options.console.port,
        upstreams: {
          '/control': controlOrigin(portOf(control)),
          '/firestore': controlOrigin(firestoreServer.port),
          '/auth': controlOrigin(authServer.port),
          '/storage': controlOrigin(storageServer.port),
        },
      });
      stoppers.push(() => closeServer(consoleServer));
      consoleUrl = `http://${host}:${String(portOf(consoleServer))}`;
    }

    const localCloud: LocalCloud = {
      projectId,
      host,
      get ports() {
        return {
          firestore: firestoreServer.port,
          auth: authServer.port,
          storage: storageServer.port,
          functions: functionHost?.port ?? 0,
          control: portOf(control),
          scheduler: schedulerServer.port,
        };
      },
      storageBucket,
      emulatorEnv,
      firestoreServer,
      authServer,
      storageServer,
      schedulerServer,
      outbox,
      get functions() {
        return functionHost?.functions ?? [];
      },
      get params() {
        return functionHost?.params ?? {};
      },
      deliveries,
      consoleUrl,
      configureDelivery: (switches) => {
        dispatcher.configure(switches);
      },
      idle: () => dispatcher.idle(),
      runSchedule: async (name, scheduleTime) => {
        const fn = functionHost?.functions.find((f) => f.name === name);
        if (functionHost === undefined || fn?.trigger.kind !== 'schedule') {
          throw new UnknownScheduleError(`${name} is not a scheduled function`);
        }
        await functionHost.runSchedule(name, scheduleTime);
      },
      reset: async () => {
        dispatcher.clear();
        dispatcher.resetSwitches();
        await dispatcher.idle();
        firestoreServer.reset();
        firestoreServer.clearFaults();
        authServer.reset();
        await storageServer.reset();
        schedulerServer.reset();
        outbox.clear();
        deliveries.length = 0;
        activity.clear();
        live.publish('reset', {});
      },
      stop: stopAll,
    };

    if (booting !== undefined) {
      const controlUrl = `http://${host}:${String(portOf(control))}`;
      functionHost = await booting.wire({
        host,
        port: wanted.functions,
        env: {
          ...emulatorEnv,
          LOCAL_CLOUD_OUTBOX_URL: `${controlUrl}/outbox/send`,
          LOCAL_CLOUD_SCHEDULER_ENDPOINT: schedulerServer.address,
        },
      });
      const runningHost = functionHost;
      // Job targets that are this project's functions are served by the function host.
      schedulerServer.setFirer(httpFirer(() => `http://${host}:${String(runningHost.port)}`));
      const router = new EventRouter(runningHost.functions, projectId);
      const enqueueAll = (list: Delivery[]) => {
        for (const delivery of list) dispatcher.enqueue(delivery);
      };
      const unsubscribe = [
        firestoreServer.onChange((change) => {
          enqueueAll(router.forFirestoreChange(change));
        }),
        authServer.onUserCreated((project, user) => {
          enqueueAll(router.forAuthUser('created', project, user));
        }),
        authServer.onUserDeleted((project, user) => {
          enqueueAll(router.forAuthUser('deleted', project, user));
        }),
        storageServer.onFinalize((object) => {
          enqueueAll(router.forStorageObject('finalized', object));
        }),
        storageServer.onDelete((object) => {
          enqueueAll(router.forStorageObject('deleted', object));
        }),
      ];
      stoppers.push(() => {
        for (const stop of unsubscribe) stop();
        return Promise.resolve();
      });
    }
    return localCloud;
  } catch (error) {
    await stopAll();
    throw error;
  }
}

function record(
  delivery: Delivery,
  attempt: number,
  outcome: DeliveryRecord['outcome'],
  error?: Error,
): DeliveryRecord {
  return {
    functionName: delivery.functionName,
    eventId: delivery.event.id,
    type: delivery.event.type,
    attempt,
    outcome,
    ...(error === undefined ? {} : { error: error.message }),
  };
}

function portOf(server: { address(): unknown }): number {
  const address = server.address();
  return typeof address === 'object' && address !== null && 'port' in address
    ? Number(address.port)
    : 0;
}
