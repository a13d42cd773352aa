import { resolve } from 'node:path';
import {
  DEVICE_MODELS,
  DeviceModelIdSchema,
  FirmwareReleaseSchema,
  FirmwareVersionSchema,
  LocaleSchema,
  Sha256HexSchema,
} from '@gadget/shared';
import type { DeviceModelId } from '@gadget/shared';
import { parseOptions, UsageError } from '../cli/usage-error.ts';

export const FIRMWARE_RELEASE_HELP = `Usage: npm run firmware:release -- --model MODEL --version X.Y.Z --file FILE --signing-key KEY [options]
       npm run firmware:release -- --revoke --model MODEL --version X.Y.Z [--project ID]

Releases firmware X.Y.Z of MODEL: signs the image's manifest (model, version, size, SHA-256,
--min-from, --anti-rollback) with KEY, uploads the image to Storage at
firmware/MODEL/X.Y.Z/image.bin, records models/MODEL/releases/X.Y.Z and makes it the model's
latestFirmware. Refused, with nothing written, when X.Y.Z is not newer than the model's newest
release or the counter is lower than that release's; the same release run again changes nothing.
A release reaches gadgets through a rollout: npm run firmware:rollout -- create.

--revoke marks the release revoked, aborts its active and paused rollouts and makes the newest
release not revoked the model's latestFirmware (none: the field is removed).

demo- projects (the default, demo-gadget) go to the emulators (FIRESTORE_EMULATOR_HOST and
FIREBASE_STORAGE_EMULATOR_HOST, else npm start's ports in firebase.json); other projects use
Application Default Credentials. The bucket is STORAGE_BUCKET, else the project's default bucket:
PROJECT.firebasestorage.app (created since October 30, 2024) or PROJECT.appspot.com, whichever
exists (in the emulators, PROJECT.appspot.com).
Files are relative to the directory npm was run from.

  --model MODEL          ${Object.keys(DEVICE_MODELS).join(' | ')}
  --version X.Y.Z        the firmware version, such as 1.4.0
  --file FILE            the whole image
  --signing-key KEY      the Ed25519 private key, PKCS#8 PEM (npm run firmware:keygen makes one)
  --min-from X.Y.Z       the oldest version that may install this one (default 0.0.0)
  --anti-rollback N      the anti-rollback counter, never lower than the previous release's
                         (default: the previous release's, 0 for the first)
  --notes LANG=TEXT      release notes in one language, such as en=Faster pairing (repeatable)
  --delta-from X.Y.Z     with --delta-file: a delta image that applies on X.Y.Z, an older release
  --delta-file FILE      the delta image
  --size BYTES           refuse unless FILE has this many bytes
  --sha256 HEX           refuse unless FILE has this SHA-256 (lowercase hex)
  --revoke               revoke X.Y.Z instead (with --model and --version only)
  --project ID           Firebase project (default demo-gadget)
  --help                 show this text
`;

export interface FirmwareReleaseCommand {
  readonly action: 'release';
  readonly model: DeviceModelId;
  readonly version: string;
  /** Absolute paths. */
  readonly file: string;
  readonly signingKey: string;
  readonly minFromVersion: string | undefined;
  readonly antiRollback: number | undefined;
  readonly notes: Readonly<Record<string, string>>;
  readonly delta: { readonly fromVersion: string; readonly file: string } | undefined;
  readonly expectedSize: number | undefined;
  readonly expectedSha256: string | undefined;
  readonly projectId: string;
}

export interface FirmwareRevokeCommand {
  readonly action: 'revoke';
  readonly model: DeviceModelId;
  readonly version: string;
  readonly projectId: string;
}

const RELEASE_ONLY = [
  'file',
  'signing-key',
  'min-from',
  'anti-rollback',
  'notes',
  'delta-from',
  'delta-file',
  'size',
  'sha256',
] as const;

/** The command line as a release or a revocation, or a UsageError saying, in one line, what is wrong. */
export function parseFirmwareReleaseCommand(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = {},
): FirmwareReleaseCommand | FirmwareRevokeCommand | 'help' {
  const values = parseOptions(argv, {
    model: { type: 'string' },
    version: { type: 'string' },
    file: { type: 'string' },
    'signing-key': { type: 'string' },
    'min-from': { type: 'string' },
    'anti-rollback': { type: 'string' },
    notes: { type: 'string', multiple: true },
    'delta-from': { type: 'string' },
    'delta-file': { type: 'string' },
    size: { type: 'string' },
    sha256: { type: 'string' },
    revoke: { type: 'boolean', default: false },
    project: { type: 'string', default: 'demo-gadget' },
    help: { type: 'boolean', default: false },
  });
  if (values.help) return 'help';
  const model = DeviceModelIdSchema.safeParse(values.model);
  if (!model.success) {
    throw new UsageError(`--model must be one of ${Object.keys(DEVICE_MODELS).join(', ')}`);
  }
  const version = versionOption('--version', values.version);
  if (version === undefined) throw new UsageError('--version X.Y.Z is required');
  const common = { model: model.data, version, projectId: values.project };

  if (values.revoke) {
    const extra = RELEASE_ONLY.find((name) => values[name] !== undefined);
    if (extra !== undefined) throw new UsageError(`--revoke takes no --${extra}`);
    return { action: 'revoke', ...common };
  }

  // npm runs scripts from the package root; relative files mean the caller's directory.
  const path = (name: string, value: string | undefined): string => {
    if (value === undefined || value === '') throw new UsageError(`${name} FILE is required`);
    return resolve(env.INIT_CWD ?? '', value);
  };
  const deltaFrom = versionOption('--delta-from', values['delta-from']);
  if ((deltaFrom === undefined) !== (values['delta-file'] === undefined)) {
    throw new UsageError('--delta-from and --delta-file go together');
  }
  const sha256 = values.sha256;
  if (sha256 !== undefined && !Sha256HexSchema.safeParse(sha256).success) {
    throw new UsageError('--sha256 must be 64 lowercase hex digits');
  }
  return {
    action: 'release',
    ...common,
    file: path('--file', values.file),
    signingKey: path('--signing-key', values['signing-key']),
    minFromVersion: versionOption('--min-from', values['min-from']),
    antiRollback: wholeNumber('--anti-rollback', values['anti-rollback']),
    notes: parseNotes(values.notes ?? []),
    delta:
      deltaFrom === undefined
        ? undefined
        : { fromVersion: deltaFrom, file: path('--delta-file', values['delta-file']) },
    expectedSize: wholeNumber('--size', values.size),
    expectedSha256: sha256,
  };
}

function versionOption(name: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!FirmwareVersionSchema.safeParse(value).success) {
    throw new UsageError(`${name} must be a version such as 1.4.0 (X.Y.Z, digits only)`);
  }
  return value;
}

function wholeNumber(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,15}$/.test(value)) throw new UsageError(`${name} must be a whole number from 0`);
  return Number(value);
}

/** `--notes en=Faster pairing --notes de=…` as {en, de}; each language once, in canonical form. */
function parseNotes(entries: readonly string[]): Record<string, string> {
  const notes: Record<string, string> = {};
  const maxLength = FirmwareReleaseSchema.shape.notes.valueType.maxLength ?? Infinity;
  for (const entry of entries) {
    const separator = entry.indexOf('=');
    const language = LocaleSchema.safeParse(separator < 0 ? '' : entry.slice(0, separator));
    const text = entry.slice(separator + 1);
    if (separator < 0 || !language.success || text === '') {
      throw new UsageError(`--notes takes LANG=TEXT, such as en=Faster pairing; not ${entry}`);
    }
    if (language.data in notes) throw new UsageError(`--notes gives ${language.data} twice`);
    if (text.length > maxLength) {
      throw new UsageError(`--notes ${language.data} is longer than ${maxLength} characters`);
    }
    notes[language.data] = text;
  }
  return notes;
}
