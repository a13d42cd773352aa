import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuthServer } from './auth/index.ts';
import type { FirestoreServer } from './firestore/index.ts';
import type { SchedulerServer } from './scheduler/index.ts';
import type { StorageServer } from './storage/index.ts';
import { UnknownScheduleError } from './control/control-api.ts';
import { Outbox } from './messaging/index.ts';
import { FunctionActivity } from './control/function-activity.ts';
import { LiveEvents } from './control/live-events.ts';
import type { JobOwnerOf } from './control/schedules-view.ts';
import { DEFAULT_PROJECT_ID } from './default-project.ts';
import type { DeliverySwitches, RetryPolicy } from './host/dispatcher.ts';
import type { FunctionDescription } from './host/endpoints.ts';
import type { FunctionHost, FunctionLogs } from './host/function-host.ts';
import type { AccessOptions } from './net/access-policy.ts';
import { closeServer } from './net/close.ts';
import type { LocalCloudPorts } from './ports.ts';
import {
  accessOf,
  emulatorEnvOf,
  startAuth,
  startFirestore,
  startScheduler,
  startStorage,
} from './wiring/backends.ts';
import type { Backends } from './wiring/backends.ts';
import { startConsole } from './wiring/console.ts';
import { startControl } from './wiring/control.ts';
import { startDelivery } from './wiring/delivery.ts';
import type { DeliveryRecord } from './wiring/delivery.ts';
import {
  bootFunctions,
  routeEvents,
  scheduleFunctions,
  wireFunctions,
} from './wiring/functions.ts';
import { publishLiveFeeds } from './wiring/live-feeds.ts';
import { singleProjectOf } from './wiring/single-project.ts';
import { resetCloud } from './wiring/reset.ts';
import { portOf } from './wiring/port-of.ts';
import { StopStack } from './wiring/stop-stack.ts';
import { logger } from './log.ts';

export type { LocalCloudPorts } from './ports.ts';
export type { DeliveryRecord } from './wiring/delivery.ts';
export { DEFAULT_PROJECT_ID } from './default-project.ts';

/**
 * `allowedHosts` and `allowedOrigins` (net/access-policy.ts): the names besides loopback that
 * requests may address, and the web origins besides loopback ones whose pages may call. Every HTTP
 * server (Firestore, Auth, Storage, the functions, the control API, the console) refuses the rest.
 */
export interface LocalCloudOptions extends AccessOptions {
  /** The project every service serves; 'demo-project' (DEFAULT_PROJECT_ID) when not given. */
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
   * How far back Firestore reads at a read time and listen resumes reach, and so how long it keeps
   * superseded and deleted documents: one hour by default, as production. A soak that compresses
   * a day into minutes scales it down with the day.
   */
  readonly firestoreReadTimeWindowMs?: number;
  /**
   * The security rules files to evaluate for client requests, reloaded when they change (as
   * firebase.json names them for the Emulator Suite). Without one a service allows every client
   * request until rules are loaded through its emulator endpoint.
   */
  readonly rules?: { readonly firestore?: string; readonly storage?: string };
  /**
   * Told when a rules file changed: undefined once reloaded, else why the previous rules stay (it
   * does not compile, or cannot be read: deleted, say, until it is created again).
   */
  readonly onRulesReload?: (file: string, error: Error | undefined) => void;
  /**
   * The functions' output on this process's terminal: every line ('inherit', the default), one line
   * per invocation ('invocations'), or nothing ('silent'). The console's Logs page has every line.
   */
  readonly logs?: FunctionLogs;
  /**
   * Serve `projectId` only, as firebase.json's `emulators.singleProjectMode` asks of the Emulator
   * Suite: Firestore and Storage refuse requests that name another project (NOT_FOUND, the message
   * naming the project served), the first of each is printed (unless logs are silent), and the
   * control API's /health lists them. The functions serve their project only in any case.
   */
  readonly singleProjectMode?: boolean;
  readonly retry?: Partial<RetryPolicy>;
  /** A built console (static files) to serve on `port`; it reaches every service through it. */
  readonly console?: { readonly dir: string; readonly port: number };
  /**
   * Told the control API's URL as soon as it listens, before the console and the functions start;
   * start-up goes on once what it returns settles. Until startLocalCloud resolves, `GET /health`
   * there answers 503 `{status: 'starting'}`, so a launcher can poll it from this moment.
   */
  readonly onControlApiListening?: (controlUrl: string) => Promise<void> | void;
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
  /** Delivery log: what was delivered, retried and given up on, the latest KEEP_DELIVERIES. */
  readonly deliveries: readonly DeliveryRecord[];
  /** Where the console is served, when `console` was given. */
  readonly consoleUrl: string | undefined;
}

/**
 * Starts Firestore, Auth, Storage, Cloud Scheduler, the control API, (given one) the console and
 * (given a bundle) the functions; each step is wired in ./wiring/.
 */
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
  const stoppers = new StopStack();
  const stopAll = async () => {
    try {
      await stoppers.stopAll();
    } finally {
      if (ownStorageDir) rmSync(storageDir, { recursive: true, force: true });
    }
  };
  // Set once everything has started: the control API reports on the cloud only from then on.
  let started: LocalCloud | undefined;

  const live = new LiveEvents();
  const singleProject = singleProjectOf(options, projectId, live);
  const activity = new FunctionActivity();
  try {
    // Loading the bundle takes longest, so it starts first and overlaps the backends' start-up.
    const booting =
      options.functions === undefined
        ? undefined
        : bootFunctions(
            options.functions,
            options,
            { projectId, storageBucket },
            { activity, live },
          );
    if (booting !== undefined) stoppers.push(() => booting.stop());

    const firestoreServer = await startFirestore(
      options,
      host,
      wanted.firestore,
      singleProject?.check,
    );
    stoppers.push(() => firestoreServer.stop());
    const authServer = await startAuth(options, host, wanted.auth, projectId);
    stoppers.push(() => authServer.stop());
    const storageServer = await startStorage(
      options,
      { host, port: wanted.storage, dataDir: storageDir, projectId, bucket: storageBucket },
      firestoreServer,
      singleProject?.check,
    );
    stoppers.push(() => storageServer.stop());
    const schedulerServer = await startScheduler(host, wanted.scheduler);
    stoppers.push(() => schedulerServer.stop());
    const backends: Backends = { firestoreServer, authServer, storageServer, schedulerServer };
    const emulatorEnv = emulatorEnvOf(projectId, backends);

    const outbox = new Outbox();
    let functionHost: FunctionHost | undefined;
    const { dispatcher, deliveries } = startDelivery(
      (delivery) =>
        functionHost === undefined
          ? Promise.resolve()
          : functionHost.invoke(delivery.functionName, delivery.event, delivery.encodeFirestore),
      { retry: options.retry, logs: options.logs },
      live,
    );
    stoppers.push(() => {
      dispatcher.stop();
    });

    const control = await startControl(
      {
        projectId,
        storageBucket,
        host,
        options,
        backends,
        outbox,
        live,
        activity,
        dispatcher,
        deliveries,
        singleProject,
        cloud: () => started,
      },
      wanted.control,
    );
    stoppers.push(() => {
      live.close();
      return closeServer(control);
    });
    stoppers.push(publishLiveFeeds(live, backends, outbox));
    const controlUrl = `http://${host}:${String(portOf(control))}`;
    await options.onControlApiListening?.(controlUrl);

    let consoleUrl: string | undefined;
    if (options.console !== undefined) {
      const served = await startConsole(
        options.console,
        host,
        control,
        backends,
        accessOf(options),
      );
      stoppers.push(() => closeServer(served.server));
      consoleUrl = served.url;
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
      reset: () => resetCloud({ dispatcher, backends, outbox, deliveries, activity, live }),
      stop: stopAll,
    };

    if (booting !== undefined) {
      const wired = await wireFunctions(
        booting,
        { host, port: wanted.functions, emulatorEnv, controlUrl, access: accessOf(options) },
        backends,
      );
      functionHost = wired;
      scheduleFunctions(
        wired,
        backends,
        (name, time) => localCloud.runSchedule(name, time),
        options.logs,
      );
      stoppers.push(routeEvents(wired, projectId, backends, dispatcher));
    }
    started = localCloud;
    return localCloud;
  } catch (error) {
    // The start-up's own error is what the caller must see; stop failures only follow it.
    await stopAll().catch((stopError: unknown) => {
      logger('start', { silent: options.logs === 'silent' }).error(
        `stopping after a failed start failed too: ${stopError instanceof Error ? stopError.message : String(stopError)}`,
      );
    });
    throw error;
  }
}
