// The function host: booted first (loading the bundle is the slow part), wired to the backends once
// they listen, then fed their events and the scheduler's firings.
import { readFunctionsEnv } from '../host/dotenv.ts';
import type { Delivery, EventDispatcher } from '../host/dispatcher.ts';
import { EventRouter } from '../host/event-router.ts';
import { bootFunctionHost } from '../host/function-host.ts';
import type { BootingFunctionHost, FunctionHost } from '../host/function-host.ts';
import { terminalLineOf } from '../host/invocation-lines.ts';
import type { FunctionActivity } from '../control/function-activity.ts';
import type { LiveEvents } from '../control/live-events.ts';
import { httpFirer } from '../scheduler/http-target.ts';
import type { AccessOptions } from '../net/access-policy.ts';
import type { LocalCloudOptions } from '../local-cloud.ts';
import type { Backends } from './backends.ts';
import { logger } from '../log.ts';

type FunctionsOption = NonNullable<LocalCloudOptions['functions']>;

/** Starts loading the bundle with the project's settings; its activity goes to the console. */
export function bootFunctions(
  functions: FunctionsOption,
  options: LocalCloudOptions,
  project: { readonly projectId: string; readonly storageBucket: string },
  observed: { readonly activity: FunctionActivity; readonly live: LiveEvents },
): BootingFunctionHost {
  const { projectId, storageBucket } = project;
  const logs = options.logs ?? 'inherit';
  return bootFunctionHost({
    bundle: functions.bundle,
    projectId,
    logs,
    observer: (report) => {
      if (logs === 'invocations') {
        const line = terminalLineOf(report);
        if (line !== undefined) process.stdout.write(`${line}\n`);
      }
      const entry = observed.activity.record(report);
      observed.live.publish(report.type === 'log' ? 'log' : 'invocation', {
        name: report.name,
        ...entry,
      });
    },
    env: {
      ...readFunctionsEnv(functions.functionsDir, projectId),
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
}

/**
 * Tells the booting host where the backends, the outbox and the scheduler are; resolves when the
 * functions listen. Cloud Scheduler jobs whose targets are this project's functions then reach them.
 */
export async function wireFunctions(
  booting: BootingFunctionHost,
  at: {
    readonly host: string;
    readonly port: number;
    readonly emulatorEnv: Readonly<Record<string, string>>;
    readonly controlUrl: string;
    readonly access: AccessOptions;
  },
  backends: Backends,
): Promise<FunctionHost> {
  const functionHost = await booting.wire({
    host: at.host,
    port: at.port,
    access: at.access,
    env: {
      ...at.emulatorEnv,
      LOCAL_CLOUD_OUTBOX_URL: `${at.controlUrl}/outbox/send`,
      LOCAL_CLOUD_SCHEDULER_ENDPOINT: backends.schedulerServer.address,
    },
  });
  backends.schedulerServer.setFirer(
    httpFirer(() => `http://${at.host}:${String(functionHost.port)}`),
  );
  return functionHost;
}

/** Queues each backend event for the functions it triggers; returns what stops the routing. */
export function routeEvents(
  functionHost: FunctionHost,
  projectId: string,
  backends: Backends,
  dispatcher: EventDispatcher,
): () => void {
  const { firestoreServer, authServer, storageServer } = backends;
  const router = new EventRouter(functionHost.functions, projectId);
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
  return () => {
    for (const stop of unsubscribe) stop();
  };
}

/**
 * Hands the scheduled functions to the local Cloud Scheduler, whose clock fires them through
 * `run` as it fires the users' jobs. A failed run is printed unless logs are silent.
 */
export function scheduleFunctions(
  functionHost: FunctionHost,
  backends: Backends,
  run: (name: string, scheduleTime: Date) => Promise<void>,
  logs: LocalCloudOptions['logs'],
): void {
  const scheduled = functionHost.functions.flatMap((fn) =>
    fn.trigger.kind === 'schedule'
      ? [{ name: fn.name, schedule: fn.trigger.schedule, timeZone: fn.trigger.timeZone }]
      : [],
  );
  const log = logger('scheduler', { silent: logs === 'silent' });
  backends.schedulerServer.scheduleFunctions(scheduled, (name, scheduleTime) =>
    run(name, scheduleTime).catch((error: unknown) => {
      log.error(
        `scheduled run of ${name} failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }),
  );
}
