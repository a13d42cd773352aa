import { describe, expect, it } from 'vitest';
import { UsageError } from '../cli/usage-error.ts';
import { DEFAULT_GATES } from './rollout-plan.ts';
import { parseFirmwareRolloutCommand } from './rollout-options.ts';

const CREATE = ['create', '--model', 'thermo-1', '--version', '1.4.0', '--stages', '1,5,25,100'];

function refused(argv: string[]): string {
  try {
    parseFirmwareRolloutCommand(argv);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error(`accepted ${argv.join(' ')}`);
}

describe('parseFirmwareRolloutCommand', () => {
  it('reads create with the default gates', () => {
    expect(parseFirmwareRolloutCommand(CREATE)).toEqual({
      action: 'create',
      projectId: 'demo-gadget',
      model: 'thermo-1',
      version: '1.4.0',
      stages: [1, 5, 25, 100],
      gates: DEFAULT_GATES,
    });
    expect(DEFAULT_GATES).toEqual({
      maxFailurePercent: 2,
      minAttempts: 50,
      maxSilentPercent: 1,
      silentHours: 24,
      soakHours: 24,
    });
  });

  it('reads create with every gate', () => {
    const command = parseFirmwareRolloutCommand([
      ...CREATE.slice(0, -1),
      '0.5, 10,100',
      '--max-failure-percent',
      '0.5',
      '--min-attempts',
      '20',
      '--max-silent-percent',
      '3',
      '--silent-hours',
      '6',
      '--soak-hours',
      '0',
      '--project',
      'gadget-prod',
    ]);
    expect(command).toEqual({
      action: 'create',
      projectId: 'gadget-prod',
      model: 'thermo-1',
      version: '1.4.0',
      stages: [0.5, 10, 100],
      gates: {
        maxFailurePercent: 0.5,
        minAttempts: 20,
        maxSilentPercent: 3,
        silentHours: 6,
        soakHours: 0,
      },
    });
  });

  it('reads pause, resume, abort and status', () => {
    for (const action of ['pause', 'resume', 'abort'] as const) {
      expect(parseFirmwareRolloutCommand([action, '--rollout', 'r1'])).toEqual({
        action,
        projectId: 'demo-gadget',
        rolloutId: 'r1',
      });
    }
    expect(parseFirmwareRolloutCommand(['status', '--rollout', 'r1'])).toEqual({
      action: 'status',
      projectId: 'demo-gadget',
      target: { rolloutId: 'r1' },
    });
    expect(parseFirmwareRolloutCommand(['status', '--model', 'air-1'])).toEqual({
      action: 'status',
      projectId: 'demo-gadget',
      target: { model: 'air-1' },
    });
  });

  it('answers help, alone or after an action', () => {
    expect(parseFirmwareRolloutCommand([])).toBe('help');
    expect(parseFirmwareRolloutCommand(['--help'])).toBe('help');
    expect(parseFirmwareRolloutCommand(['create', '--help'])).toBe('help');
  });

  it.each<[string, string[], string]>([
    [
      'an unknown action',
      ['start', '--model', 'thermo-1'],
      'The first word must be one of create, pause, resume, abort, status, not start',
    ],
    [
      'an unknown model',
      ['create', '--model', 'nope', '--version', '1.4.0', '--stages', '1'],
      '--model must be one of thermo-1, air-1',
    ],
    [
      'a bad version',
      ['create', '--model', 'thermo-1', '--version', 'v1', '--stages', '1'],
      '--version must be a version such as 1.4.0',
    ],
    ['no stages', CREATE.slice(0, -2), '--stages P1,P2,... is required'],
    [
      'stages out of order',
      [...CREATE.slice(0, -1), '1,25,5,100'],
      '--stages must rise strictly; 5 follows 25',
    ],
    [
      'a stage repeated',
      [...CREATE.slice(0, -1), '5,5'],
      '--stages must rise strictly; 5 follows 5',
    ],
    [
      'a stage of 0',
      [...CREATE.slice(0, -1), '0,50'],
      '--stages must be percents above 0 (from 0.01) and at most 100; 0 is not',
    ],
    [
      'a stage above 100',
      [...CREATE.slice(0, -1), '50,150'],
      '--stages must be percents above 0 (from 0.01) and at most 100; 150 is not',
    ],
    [
      'a stage that is not a number',
      [...CREATE.slice(0, -1), '1,five'],
      '--stages takes numbers such as 2 or 0.5; not five',
    ],
    [
      'an empty stage',
      [...CREATE.slice(0, -1), '1,,5'],
      '--stages takes numbers such as 2 or 0.5; not ',
    ],
    [
      'a negative gate',
      [...CREATE, '--max-failure-percent=-1'],
      '--max-failure-percent takes numbers such as 2 or 0.5; not -1',
    ],
    [
      'a gate over 100',
      [...CREATE, '--max-silent-percent', '101'],
      '--max-silent-percent must be a percent from 0 to 100; 101 is not',
    ],
    [
      'a fractional attempt count',
      [...CREATE, '--min-attempts', '2.5'],
      '--min-attempts must be a whole number from 1; 2.5 is not',
    ],
    [
      'no attempts',
      [...CREATE, '--min-attempts', '0'],
      '--min-attempts must be a whole number from 1; 0 is not',
    ],
    [
      'zero silent hours',
      [...CREATE, '--silent-hours', '0'],
      '--silent-hours must be a number of hours above 0; 0 is not',
    ],
    [
      'an exponent',
      [...CREATE, '--soak-hours', '1e3'],
      '--soak-hours takes numbers such as 2 or 0.5; not 1e3',
    ],
    ['pause without a rollout', ['pause'], 'pause needs --rollout ID'],
    [
      'status with both',
      ['status', '--rollout', 'r1', '--model', 'thermo-1'],
      'status takes either --rollout ID or --model MODEL',
    ],
    ['status with neither', ['status'], 'status takes either --rollout ID or --model MODEL'],
    [
      'an option of another action',
      ['abort', '--rollout', 'r1', '--stages', '1'],
      "Unknown option '--stages'",
    ],
  ])('refuses %s in one line', (_name, argv, message) => {
    const text = refused(argv);
    expect(text).toContain(message);
    expect(text).not.toContain('\n');
  });
});
