// `npm start --reset`, without the `--`, hands `--reset` to npm, not to the script: npm keeps it as
// its own setting and tells the script only through `npm_config_reset` in the environment. The
// script then runs as if the option had never been typed. This finds such options, so the script
// can refuse to go on and say what to type instead.

/** The options a script declares, as node:util's parseArgs takes them. */
type Declared = Readonly<Record<string, { readonly type: 'string' | 'boolean' }>>;

/**
 * The script's options that npm took for itself, each as the script expects it typed (`--reset`,
 * `--no-seed`, `--state-dir …`). npm keeps `--flag` as `npm_config_flag=true` and `--no-flag` as an
 * empty string; `--name value` it takes for a flag too (`true`), and the value becomes a stray
 * argument. Any other value is a setting of npm's own (npm always sets `npm_config_prefix`, its
 * install prefix), never something typed after the script's name.
 */
export function optionsNpmTook(declared: Declared, env: NodeJS.ProcessEnv): string[] {
  const took: string[] = [];
  for (const [name, { type }] of Object.entries(declared)) {
    const negated = name.startsWith('no-');
    const setting = env[`npm_config_${(negated ? name.slice(3) : name).replaceAll('-', '_')}`];
    if (setting === undefined) continue;
    if (negated) {
      if (setting === '') took.push(`--${name}`);
    } else if (setting === 'true') {
      took.push(type === 'boolean' ? `--${name}` : `--${name} …`);
    }
  }
  return took;
}

/** How the script is typed with its options after `--`: `npm start -- --reset`. */
export function retyped(options: readonly string[], env: NodeJS.ProcessEnv): string {
  const script = env.npm_lifecycle_event ?? '<script>';
  const npm = script === 'start' || script === 'test' ? `npm ${script}` : `npm run ${script}`;
  return `${npm} -- ${options.join(' ')}`;
}

/**
 * `--verbose` is npm's own flag (its log level), so `npm start --verbose` never reaches the script;
 * npm sets `npm_config_loglevel=verbose` for it, as it does for `loglevel=verbose` in an .npmrc.
 * The two cannot be told apart, so this is for a warning, never a refusal.
 */
export function npmTookVerbose(env: NodeJS.ProcessEnv): boolean {
  return env.npm_config_loglevel === 'verbose';
}
