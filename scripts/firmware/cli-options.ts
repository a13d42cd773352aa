import { DEVICE_MODELS, DeviceModelIdSchema, FirmwareVersionSchema } from '@gadget/shared';
import type { DeviceModelId } from '@gadget/shared';
import { parseOptions, UsageError } from '../cli/usage-error.ts';

export const FIRMWARE_RELEASE_HELP = `Usage: npm run firmware:release -- --model MODEL --version X.Y.Z [--project ID]

Records X.Y.Z as the latest firmware of MODEL. demo- projects (the default, demo-gadget) go
to the emulators (FIRESTORE_EMULATOR_HOST, else npm start's Firestore at firebase.json's port);
other projects use Application Default Credentials (gcloud auth application-default login). An
older version than the recorded one is refused.

  --model MODEL    ${Object.keys(DEVICE_MODELS).join(' | ')}
  --version X.Y.Z  the firmware version, such as 1.4.0
  --project ID     Firebase project (default demo-gadget)
  --help           show this text
`;

export interface FirmwareReleaseCommand {
  readonly model: DeviceModelId;
  readonly version: string;
  readonly projectId: string;
}

/** The command line as a release, or a UsageError saying, in one line, what is wrong. */
export function parseFirmwareReleaseCommand(
  argv: readonly string[],
): FirmwareReleaseCommand | 'help' {
  const values = parseOptions(argv, {
    model: { type: 'string' },
    version: { type: 'string' },
    project: { type: 'string', default: 'demo-gadget' },
    help: { type: 'boolean', default: false },
  });
  if (values.help) return 'help';
  const model = DeviceModelIdSchema.safeParse(values.model);
  if (!model.success) {
    throw new UsageError(`--model must be one of ${Object.keys(DEVICE_MODELS).join(', ')}`);
  }
  const version = FirmwareVersionSchema.safeParse(values.version);
  if (!version.success) {
    throw new UsageError('--version must be a version such as 1.4.0 (X.Y.Z, digits only)');
  }
  return { model: model.data, version: version.data, projectId: values.project };
}
