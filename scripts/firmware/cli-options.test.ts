import { describe, expect, it } from 'vitest';
import { UsageError } from '../cli/usage-error.ts';
import { parseFirmwareReleaseCommand } from './cli-options.ts';

const ENV = { INIT_CWD: '/home/op/fw' };
const REQUIRED = [
  '--model',
  'thermo-1',
  '--version',
  '1.4.0',
  '--file',
  'fw.bin',
  '--signing-key',
  'firmware-key.pem',
];
const SHA = 'a'.repeat(64);

function refused(argv: string[]): string {
  try {
    parseFirmwareReleaseCommand(argv, ENV);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error(`accepted ${argv.join(' ')}`);
}

describe('parseFirmwareReleaseCommand', () => {
  it('reads a release with only the required flags, files relative to where npm ran', () => {
    expect(parseFirmwareReleaseCommand(REQUIRED, ENV)).toEqual({
      action: 'release',
      model: 'thermo-1',
      version: '1.4.0',
      file: '/home/op/fw/fw.bin',
      signingKey: '/home/op/fw/firmware-key.pem',
      minFromVersion: undefined,
      antiRollback: undefined,
      notes: {},
      delta: undefined,
      expectedSize: undefined,
      expectedSha256: undefined,
      projectId: 'demo-gadget',
    });
  });

  it('reads every option', () => {
    const command = parseFirmwareReleaseCommand(
      [
        ...REQUIRED,
        '--min-from',
        '1.2.0',
        '--anti-rollback',
        '3',
        '--notes',
        'en=Faster pairing',
        '--notes',
        'de-de=Schnelleres Koppeln; a=b',
        '--delta-from',
        '1.3.0',
        '--delta-file',
        '/abs/delta.bin',
        '--size',
        '1024',
        '--sha256',
        SHA,
        '--project',
        'gadget-prod',
      ],
      ENV,
    );
    expect(command).toMatchObject({
      minFromVersion: '1.2.0',
      antiRollback: 3,
      notes: { en: 'Faster pairing', 'de-DE': 'Schnelleres Koppeln; a=b' },
      delta: { fromVersion: '1.3.0', file: '/abs/delta.bin' },
      expectedSize: 1024,
      expectedSha256: SHA,
      projectId: 'gadget-prod',
    });
  });

  it('reads a revocation', () => {
    expect(
      parseFirmwareReleaseCommand(['--revoke', '--model', 'air-1', '--version', '2.0.0'], ENV),
    ).toEqual({ action: 'revoke', model: 'air-1', version: '2.0.0', projectId: 'demo-gadget' });
  });

  it('answers help', () => {
    expect(parseFirmwareReleaseCommand(['--help'])).toBe('help');
  });

  it.each<[string, string[], string]>([
    [
      'an unknown model',
      ['--model', 'nope', '--version', '1.4.0'],
      '--model must be one of thermo-1, air-1',
    ],
    [
      'a bad version',
      ['--model', 'thermo-1', '--version', '1.4'],
      '--version must be a version such as 1.4.0 (X.Y.Z, digits only)',
    ],
    ['no version', ['--model', 'thermo-1'], '--version X.Y.Z is required'],
    [
      'no file',
      ['--model', 'thermo-1', '--version', '1.4.0', '--signing-key', 'k'],
      '--file FILE is required',
    ],
    [
      'no key',
      ['--model', 'thermo-1', '--version', '1.4.0', '--file', 'f'],
      '--signing-key FILE is required',
    ],
    [
      'a bad --min-from',
      [...REQUIRED, '--min-from', 'latest'],
      '--min-from must be a version such as 1.4.0 (X.Y.Z, digits only)',
    ],
    [
      'a negative counter',
      [...REQUIRED, '--anti-rollback=-1'],
      '--anti-rollback must be a whole number from 0',
    ],
    ['a fractional size', [...REQUIRED, '--size', '1.5'], '--size must be a whole number from 0'],
    [
      'an uppercase hash',
      [...REQUIRED, '--sha256', SHA.toUpperCase()],
      '--sha256 must be 64 lowercase hex digits',
    ],
    [
      'a delta without its file',
      [...REQUIRED, '--delta-from', '1.3.0'],
      '--delta-from and --delta-file go together',
    ],
    [
      'a delta file without its base',
      [...REQUIRED, '--delta-file', 'd.bin'],
      '--delta-from and --delta-file go together',
    ],
    [
      'notes without a language',
      [...REQUIRED, '--notes', 'Faster pairing'],
      '--notes takes LANG=TEXT, such as en=Faster pairing; not Faster pairing',
    ],
    [
      'notes in no language',
      [...REQUIRED, '--notes', '!!=x'],
      '--notes takes LANG=TEXT, such as en=Faster pairing; not !!=x',
    ],
    [
      'empty notes',
      [...REQUIRED, '--notes', 'en='],
      '--notes takes LANG=TEXT, such as en=Faster pairing; not en=',
    ],
    [
      'a language twice',
      [...REQUIRED, '--notes', 'en=a', '--notes', 'EN=b'],
      '--notes gives en twice',
    ],
    [
      'long notes',
      [...REQUIRED, '--notes', `en=${'x'.repeat(2001)}`],
      '--notes en is longer than 2000 characters',
    ],
    [
      'a revocation with a file',
      ['--revoke', '--model', 'thermo-1', '--version', '1.4.0', '--file', 'f'],
      '--revoke takes no --file',
    ],
    ['an unknown option', [...REQUIRED, '--force'], "Unknown option '--force'"],
  ])('refuses %s in one line', (_name, argv, message) => {
    const text = refused(argv);
    expect(text).toContain(message);
    expect(text).not.toContain('\n');
  });
});
