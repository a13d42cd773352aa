// What npm leaves in the environment when it keeps a script's options for itself (`npm start
// --reset` without `--`), as npm 11 sets it: the script refuses to run and says what to type.
import { describe, expect, it } from 'vitest';
import { npmTookVerbose, optionsNpmTook, retyped } from './npm-options.ts';
import { parseOptions, UsageError } from './usage-error.ts';

const START_OPTIONS = {
  reset: { type: 'boolean', default: false },
  'no-seed': { type: 'boolean', default: false },
  'state-dir': { type: 'string' },
  prefix: { type: 'string' },
  help: { type: 'boolean', default: false },
} as const;

describe('optionsNpmTook', () => {
  it('finds a flag, a negated flag and a value option npm kept', () => {
    expect(
      optionsNpmTook(START_OPTIONS, {
        npm_config_reset: 'true',
        npm_config_seed: '',
        npm_config_state_dir: 'true',
      }),
    ).toEqual(['--reset', '--no-seed', '--state-dir …']);
  });

  it("ignores npm's own settings and a run without misplaced options", () => {
    // npm always sets its prefix; `seed=true` is not what --no-seed leaves.
    expect(
      optionsNpmTook(START_OPTIONS, {
        npm_config_prefix: '/usr/local',
        npm_config_seed: 'true',
        npm_config_user_agent: 'npm/11.19.1 node/v24.21.0',
      }),
    ).toEqual([]);
    expect(optionsNpmTook(START_OPTIONS, {})).toEqual([]);
  });
});

describe('retyped', () => {
  it('puts the options after --, for npm start and for npm run scripts', () => {
    expect(retyped(['--reset'], { npm_lifecycle_event: 'start' })).toBe('npm start -- --reset');
    expect(retyped(['--project …'], { npm_lifecycle_event: 'seed' })).toBe(
      'npm run seed -- --project …',
    );
  });
});

describe('parseOptions', () => {
  it('refuses to run when npm kept an option, saying what to type', () => {
    const env = { npm_config_reset: 'true', npm_lifecycle_event: 'start' };
    expect(() => parseOptions([], START_OPTIONS, env)).toThrow(UsageError);
    expect(() => parseOptions([], START_OPTIONS, env)).toThrow(
      'npm took --reset as its own setting, so the script never saw it; type npm start -- --reset',
    );
  });

  it('takes the options typed after -- and refuses unknown ones as usage errors', () => {
    expect(parseOptions(['--reset', '--state-dir', '/tmp/x'], START_OPTIONS, {})).toMatchObject({
      reset: true,
      'state-dir': '/tmp/x',
    });
    expect(() => parseOptions(['--bogus'], START_OPTIONS, {})).toThrow(UsageError);
  });
});

describe('npmTookVerbose', () => {
  it('is npm at log level verbose, which `npm start --verbose` sets', () => {
    expect(npmTookVerbose({ npm_config_loglevel: 'verbose' })).toBe(true);
    expect(npmTookVerbose({ npm_config_loglevel: 'notice' })).toBe(false);
    expect(npmTookVerbose({})).toBe(false);
  });
});
