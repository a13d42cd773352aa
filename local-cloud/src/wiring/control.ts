// The control API (the hub's port): what local-cloud answers about itself and the console reads.
import type { Server } from 'node:http';
import { status } from '@grpc/grpc-js';
import { CloudStartingError, startControlApi } from '../control/control-api.ts';
import type { ControlTarget, EmulatorInfo } from '../control/control-api.ts';
import type { FunctionActivity } from '../control/function-activity.ts';
import type { LiveEvents } from '../control/live-events.ts';
import type { Outbox } from '../messaging/index.ts';
import { ownedJobView } from '../control/schedules-view.ts';
import type { FirestoreMethod } from '../firestore/faults.ts';
import type { Delivery, EventDispatcher } from '../host/dispatcher.ts';
import { decisionView } from '../rules/decision-view.ts';
import type { LocalCloud, LocalCloudOptions } from '../local-cloud.ts';
import type { SingleProject } from '../single-project.ts';
import { accessOf } from './backends.ts';
import type { Backends } from './backends.ts';
import type { DeliveryRecord } from './delivery.ts';

export interface ControlContext {
  readonly projectId: string;
  readonly storageBucket: string;
  readonly host: string;
  readonly options: LocalCloudOptions;
  readonly backends: Backends;
  readonly outbox: Outbox;
  readonly live: LiveEvents;
  readonly activity: FunctionActivity;
  readonly dispatcher: EventDispatcher;
  readonly deliveries: readonly DeliveryRecord[];
  /** Given in single project mode: /health lists the requests it refused. */
  readonly singleProject: SingleProject | undefined;
  /** The cloud once started; undefined before, when the routes that report on it answer 503. */
  readonly cloud: () => LocalCloud | undefined;
}

export function startControl(context: ControlContext, port: number): Promise<Server> {
  return startControlApi(controlTarget(context), {
    host: context.host,
    port,
    access: accessOf(context.options),
  });
}

function controlTarget(context: ControlContext): ControlTarget {
  const { projectId, storageBucket, host, options, backends, dispatcher, activity } = context;
  const { firestoreServer, storageServer, authServer, schedulerServer } = backends;
  const cloud = (): LocalCloud => {
    const started = context.cloud();
    if (started === undefined) throw new CloudStartingError();
    return started;
  };
  return {
    outbox: context.outbox,
    live: context.live,
    health: () => {
      const started = context.cloud();
      if (started === undefined) return undefined;
      return {
        projectId,
        storageBucket,
        ports: started.ports,
        functions: started.functions.map((f) => f.name),
        singleProjectMode: context.singleProject !== undefined,
        refusedProjects: context.singleProject?.refusals() ?? [],
      };
    },
    emulators: () => {
      const at = (name: string, port: number): EmulatorInfo => ({ name, host, port });
      const p = cloud().ports;
      return {
        hub: at('hub', p.control),
        firestore: at('firestore', p.firestore),
        auth: at('auth', p.auth),
        storage: at('storage', p.storage),
        ...(options.functions === undefined ? {} : { functions: at('functions', p.functions) }),
        scheduler: at('scheduler', p.scheduler),
      };
    },
    reset: () => cloud().reset(),
    runSchedule: (name) => cloud().runSchedule(name),
    ops: () => ({ ...firestoreServer.ops() }),
    rulesEvaluations: () =>
      [...firestoreServer.rules.recent(), ...storageServer.rules.recent()]
        .map(decisionView)
        .sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0)),
    resetOps: () => {
      firestoreServer.resetOps();
    },
    seed: options.seed,
    functions: () => cloud().functions.map((f) => ({ ...f, stats: activity.stats(f.name) })),
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
        deliveries: context.deliveries.slice(-200),
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
        functions: schedulerServer.functionSchedules().map((f) => ({
          name: f.name,
          schedule: f.schedule,
          timeZone: f.timeZone,
          nextRun: f.nextRun?.toISOString() ?? null,
          stats: activity.stats(f.name),
        })),
        jobs,
      };
    },
  };
}
