import { createRequire } from 'node:module';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { fromJSON } from '@grpc/proto-loader';
import { PROTO_OPTIONS } from '../net/grpc.ts';
import { loadPackageDefinition, status } from '@grpc/grpc-js';
import type { GrpcObject, ServiceDefinition, UntypedServiceImplementation } from '@grpc/grpc-js';
import { SchedulerError } from './jobs.ts';
import type { SchedulerState } from './state.ts';

/** The RPCs served; the others (RunJob included) answer through `state` or UNIMPLEMENTED. */
export type SchedulerMethod =
  | 'ListJobs'
  | 'GetJob'
  | 'CreateJob'
  | 'UpdateJob'
  | 'DeleteJob'
  | 'PauseJob'
  | 'ResumeJob'
  | 'RunJob';

/**
 * google.cloud.scheduler.v1.CloudScheduler from the descriptor @google-cloud/scheduler ships
 * (`build/protos/protos.json`, which carries the google.api and google.rpc types it needs).
 */
export function loadSchedulerService(): ServiceDefinition {
  const require = createRequire(import.meta.url);
  const pkg = require.resolve('@google-cloud/scheduler/package.json');
  const json = JSON.parse(
    readFileSync(path.join(path.dirname(pkg), 'build', 'protos', 'protos.json'), 'utf8'),
  ) as Record<string, unknown>;
  const definition = fromJSON(json, PROTO_OPTIONS);
  const grpcObject = loadPackageDefinition(definition) as unknown as {
    google: { cloud: { scheduler: { v1: { CloudScheduler: { service: ServiceDefinition } } } } };
  } & GrpcObject;
  return grpcObject.google.cloud.scheduler.v1.CloudScheduler.service;
}

type UnaryCallback = (error: { code: status; details: string } | null, value?: unknown) => void;

/** Unary handlers over the in-memory state; every call is checked for a scripted failure first. */
export function schedulerHandlers(state: SchedulerState): UntypedServiceImplementation {
  const unary =
    (method: SchedulerMethod, fn: (request: Record<string, unknown>) => unknown) =>
    (call: { request: Record<string, unknown> }, callback: UnaryCallback): void => {
      void (async () => {
        try {
          state.checkFault(method);
          callback(null, await fn(call.request));
        } catch (error) {
          if (error instanceof SchedulerError) {
            callback({ code: error.code, details: error.message });
          } else {
            const message = error instanceof Error ? error.message : String(error);
            callback({ code: status.INTERNAL, details: `Internal error: ${message}` });
          }
        }
      })();
    };
  const nameOf = (request: Record<string, unknown>) => request.name;
  return {
    ListJobs: unary('ListJobs', (request) =>
      state.list(request.parent, Number(request.pageSize ?? 0), request.pageToken),
    ),
    GetJob: unary('GetJob', (request) => state.get(nameOf(request))),
    CreateJob: unary('CreateJob', (request) =>
      state.create(request.parent, (request.job ?? {}) as Record<string, unknown>),
    ),
    UpdateJob: unary('UpdateJob', (request) =>
      state.update(
        (request.job ?? {}) as Record<string, unknown>,
        ((request.updateMask as { paths?: string[] } | undefined)?.paths ?? []).slice(),
      ),
    ),
    DeleteJob: unary('DeleteJob', (request) => {
      state.delete(nameOf(request));
      return {};
    }),
    PauseJob: unary('PauseJob', (request) => state.setState(nameOf(request), 'PAUSED')),
    ResumeJob: unary('ResumeJob', (request) => state.setState(nameOf(request), 'ENABLED')),
    RunJob: unary('RunJob', (request) => state.run(nameOf(request))),
  };
}
