// Where a cold start's time goes, recorded in the child process without touching the module under
// test: every CommonJS module's compile-and-run time (its own, without the modules it requires)
// summed per package, and the first calls into firebase-admin and @google-cloud/firestore timed by
// wrapping their exports as they are loaded. Imported by child.ts before the module under test.
import Module from 'node:module';

/** The timed steps, each in the window (import or first call) it happened in. */
export type Step = 'initializeApp' | 'firestoreClient' | 'firstRpc' | 'otherRpcs';

export interface Window {
  /** Module loading, ms per package ("(own code)": the module under test itself). */
  readonly modules: Record<string, number>;
  readonly steps: Partial<Record<Step, number>>;
}

export interface Phases {
  /** While the module under test is imported. */
  load: Window;
  /** While the first call is served. */
  readonly call: Window;
  /** Firestore requests of the first call (they run one after another). */
  rpcs: number;
}

export const phases: Phases = {
  load: { modules: {}, steps: {} },
  call: { modules: {}, steps: {} },
  rpcs: 0,
};

let current: Window = phases.load;
/** Inclusive time of the CommonJS modules compiled at depth 0 in the current window. */
let topLevelMs = 0;
/** Time of the children of each module being compiled, innermost last. */
const childTimes: number[] = [];

/** Forgets what was loaded before the module under test (the harness). */
export function startLoadWindow(): void {
  phases.load = { modules: {}, steps: {} };
  current = phases.load;
  topLevelMs = 0;
}

/** From now on, loaded modules count towards the first call; returns the load window's top level. */
export function startCallWindow(): number {
  const loadTopLevel = topLevelMs;
  current = phases.call;
  topLevelMs = 0;
  return loadTopLevel;
}

type Compile = (this: Module, content: string, filename: string, ...rest: unknown[]) => unknown;
const proto = Module.prototype as unknown as { _compile: Compile };
const compile = proto._compile;
proto._compile = function (this: Module, content, filename, ...rest) {
  const started = performance.now();
  childTimes.push(0);
  try {
    return compile.call(this, content, filename, ...rest);
  } finally {
    const elapsed = performance.now() - started;
    const children = childTimes.pop() ?? 0;
    const name = packageOf(filename);
    current.modules[name] = (current.modules[name] ?? 0) + elapsed - children;
    const parent = childTimes.length - 1;
    if (parent >= 0) childTimes[parent] = (childTimes[parent] ?? 0) + elapsed;
    else topLevelMs += elapsed;
    instrument(filename, this.exports as Record<string, unknown>);
  }
};

/** The npm package a file belongs to (the last node_modules segment: nested copies count once). */
function packageOf(filename: string): string {
  const at = filename.lastIndexOf('/node_modules/');
  if (at < 0) return '(own code)';
  const parts = filename.slice(at + '/node_modules/'.length).split('/');
  return parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1] ?? ''}` : (parts[0] ?? filename);
}

function instrument(filename: string, exports: Record<string, unknown>): void {
  if (filename.endsWith('/firebase-admin/lib/app/lifecycle.js')) {
    timeCalls(exports, 'initializeApp', 'initializeApp');
  } else if (filename.endsWith('/firebase-admin/lib/firestore/index.js')) {
    timeCalls(exports, 'getFirestore', 'firestoreClient');
    timeCalls(exports, 'initializeFirestore', 'firestoreClient');
  } else if (filename.endsWith('/@google-cloud/firestore/build/src/pool.js')) {
    instrumentPool((exports.ClientPool as { prototype: PoolMethods }).prototype);
  }
}

function record(step: Step, ms: number): void {
  current.steps[step] = (current.steps[step] ?? 0) + ms;
}

/** Wraps a synchronous export so its calls' durations count towards a step. */
function timeCalls(exports: Record<string, unknown>, name: string, step: Step) {
  const original = exports[name] as (...args: unknown[]) => unknown;
  exports[name] = function (this: unknown, ...args: unknown[]) {
    const started = performance.now();
    try {
      return original.apply(this, args);
    } finally {
      record(step, performance.now() - started);
    }
  };
}

interface PoolMethods {
  acquire: (...args: unknown[]) => unknown;
  run: (tag: unknown, requiresGrpc: unknown, op: (client: unknown) => Promise<unknown>) => unknown;
}

function instrumentPool(pool: PoolMethods): void {
  // acquire creates the GAPIC client (and loads google-gax) when the pool has none yet.
  timeCalls(pool as unknown as Record<string, unknown>, 'acquire', 'firestoreClient');
  const run = pool.run;
  pool.run = function (this: unknown, tag, requiresGrpc, op) {
    return run.call(this, tag, requiresGrpc, async (client) => {
      const started = performance.now();
      try {
        return await op(client);
      } finally {
        record(phases.rpcs === 0 ? 'firstRpc' : 'otherRpcs', performance.now() - started);
        phases.rpcs += 1;
      }
    });
  };
}
