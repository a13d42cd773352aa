import { DEVICE_MODELS, DeviceModelIdSchema, FirmwareVersionSchema } from '@gadget/shared';
import type { DeviceModelId, RolloutGates } from '@gadget/shared';
import { parseOptions, UsageError } from '../cli/usage-error.ts';
import { DEFAULT_GATES, rolloutPlanProblem } from './rollout-plan.ts';
import type { RolloutAction } from './rollout-transitions.ts';

export const FIRMWARE_ROLLOUT_HELP = `Usage: npm run firmware:rollout -- create --model MODEL --version X.Y.Z --stages 1,5,25,100 [gates]
       npm run firmware:rollout -- pause|resume|abort --rollout ID
       npm run firmware:rollout -- status --rollout ID | --model MODEL

Rolls a release (npm run firmware:release) out to a model's gadgets in stages, each a percent of
them. A stage runs --soak-hours with its gates holding before the next starts; a gate that trips
pauses the rollout. A model has one active or paused rollout at most.

  create   starts a rollout at its first stage and prints its id, alone on a line, to stdout
  pause    stops offering the update (active rollouts); resume offers it again and restarts the
           stage's soak; abort ends the rollout for good (active or paused)
  status   the rollout's state, stage and gates, and its gadgets counted now (aggregation
           queries): offered, attempted, succeeded, failed

  --model MODEL               ${Object.keys(DEVICE_MODELS).join(' | ')}
  --version X.Y.Z             the release to roll out
  --stages P1,P2,...          percents of the gadgets, strictly rising, each above 0 and at most 100
  --max-failure-percent P     pause above this share of failed attempts (default ${DEFAULT_GATES.maxFailurePercent})
  --min-attempts N            ...once this many gadgets attempted it (default ${DEFAULT_GATES.minAttempts})
  --max-silent-percent P      pause above this share silent after installing (default ${DEFAULT_GATES.maxSilentPercent})
  --silent-hours H            ...silent meaning no word for H hours (default ${DEFAULT_GATES.silentHours})
  --soak-hours H              each stage's time with the gates holding (default ${DEFAULT_GATES.soakHours})
  --rollout ID                the rollout, as create printed it
  --project ID                Firebase project (default demo-gadget; demo- projects go to the
                              emulators: FIRESTORE_EMULATOR_HOST, else npm start's port; others
                              use Application Default Credentials)
  --help                      show this text
`;

export type FirmwareRolloutCommand = { readonly projectId: string } & (
  | {
      readonly action: 'create';
      readonly model: DeviceModelId;
      readonly version: string;
      readonly stages: readonly number[];
      readonly gates: RolloutGates;
    }
  | { readonly action: RolloutAction; readonly rolloutId: string }
  | { readonly action: 'status'; readonly target: { rolloutId: string } | { model: DeviceModelId } }
);

const ACTIONS = ['create', 'pause', 'resume', 'abort', 'status'] as const;

/** The command line as a rollout command, or a UsageError saying, in one line, what is wrong. */
export function parseFirmwareRolloutCommand(
  argv: readonly string[],
): FirmwareRolloutCommand | 'help' {
  const [action, ...rest] = argv;
  if (action === undefined || action === '--help' || rest.includes('--help')) return 'help';
  if (!isAction(action)) {
    throw new UsageError(`The first word must be one of ${ACTIONS.join(', ')}, not ${action}`);
  }
  const project = { project: { type: 'string', default: 'demo-gadget' } } as const;

  if (action === 'create') {
    const values = parseOptions(rest, {
      ...project,
      model: { type: 'string' },
      version: { type: 'string' },
      stages: { type: 'string' },
      'max-failure-percent': { type: 'string' },
      'min-attempts': { type: 'string' },
      'max-silent-percent': { type: 'string' },
      'silent-hours': { type: 'string' },
      'soak-hours': { type: 'string' },
    });
    const model = modelOption(values.model);
    const version = FirmwareVersionSchema.safeParse(values.version);
    if (!version.success) {
      throw new UsageError('--version must be a version such as 1.4.0 (X.Y.Z, digits only)');
    }
    if (values.stages === undefined) throw new UsageError('--stages P1,P2,... is required');
    const stages = values.stages.split(',').map((stage) => decimal('--stages', stage.trim()));
    const gate = (name: string, value: string | undefined, fallback: number) =>
      value === undefined ? fallback : decimal(name, value);
    const gates: RolloutGates = {
      maxFailurePercent: gate(
        '--max-failure-percent',
        values['max-failure-percent'],
        DEFAULT_GATES.maxFailurePercent,
      ),
      minAttempts: gate('--min-attempts', values['min-attempts'], DEFAULT_GATES.minAttempts),
      maxSilentPercent: gate(
        '--max-silent-percent',
        values['max-silent-percent'],
        DEFAULT_GATES.maxSilentPercent,
      ),
      silentHours: gate('--silent-hours', values['silent-hours'], DEFAULT_GATES.silentHours),
      soakHours: gate('--soak-hours', values['soak-hours'], DEFAULT_GATES.soakHours),
    };
    const problem = rolloutPlanProblem(stages, gates);
    if (problem !== undefined) throw new UsageError(problem);
    return {
      action,
      projectId: values.project,
      model,
      version: version.data,
      stages,
      gates,
    };
  }

  if (action === 'status') {
    const values = parseOptions(rest, {
      ...project,
      rollout: { type: 'string' },
      model: { type: 'string' },
    });
    if ((values.rollout === undefined) === (values.model === undefined)) {
      throw new UsageError('status takes either --rollout ID or --model MODEL');
    }
    return {
      action,
      projectId: values.project,
      target:
        values.rollout === undefined
          ? { model: modelOption(values.model) }
          : { rolloutId: values.rollout },
    };
  }

  const values = parseOptions(rest, { ...project, rollout: { type: 'string' } });
  if (values.rollout === undefined || values.rollout === '') {
    throw new UsageError(`${action} needs --rollout ID`);
  }
  return { action, projectId: values.project, rolloutId: values.rollout };
}

function isAction(word: string): word is (typeof ACTIONS)[number] {
  return (ACTIONS as readonly string[]).includes(word);
}

function modelOption(value: string | undefined): DeviceModelId {
  const model = DeviceModelIdSchema.safeParse(value);
  if (!model.success) {
    throw new UsageError(`--model must be one of ${Object.keys(DEVICE_MODELS).join(', ')}`);
  }
  return model.data;
}

/** A plain decimal such as 2, 0.5 or 25: no exponents, signs, hex or blanks, which Number takes. */
function decimal(name: string, value: string): number {
  if (!/^\d+(\.\d+)?$/.test(value))
    throw new UsageError(`${name} takes numbers such as 2 or 0.5; not ${value}`);
  return Number(value);
}
