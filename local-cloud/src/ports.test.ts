import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EMULATOR_SUITE_PORTS, readFirebaseJsonPorts } from './ports.ts';

describe('readFirebaseJsonPorts', () => {
  const dir = mkdtempSync(join(tmpdir(), 'firebase-json-ports-'));
  const file = join(dir, 'firebase.json');
  afterEach(() => {
    rmSync(file, { force: true });
  });
  const write = (config: unknown) => {
    writeFileSync(file, JSON.stringify(config));
  };

  it('takes each emulators.<key>.port, the hub for the control API', () => {
    write({
      emulators: {
        auth: { port: 1 },
        functions: { port: 2 },
        firestore: { port: 3 },
        storage: { port: 4 },
        hub: { port: 5 },
        scheduler: { port: 6 },
      },
    });
    expect(readFirebaseJsonPorts(file)).toEqual({
      auth: 1,
      functions: 2,
      firestore: 3,
      storage: 4,
      control: 5,
      scheduler: 6,
    });
  });

  it('leaves a port firebase.json does not name at the Emulator Suite default', () => {
    write({ emulators: { firestore: { port: 8081 } } });
    expect(readFirebaseJsonPorts(file)).toEqual({ ...EMULATOR_SUITE_PORTS, firestore: 8081 });
    write({});
    expect(readFirebaseJsonPorts(file)).toEqual(EMULATOR_SUITE_PORTS);
  });

  it('names the key of a port that is not one', () => {
    write({ emulators: { scheduler: { port: '8095' } } });
    expect(() => readFirebaseJsonPorts(file)).toThrow(/emulators\.scheduler\.port .* not "8095"/);
  });
});
