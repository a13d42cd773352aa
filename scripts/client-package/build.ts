// `@gadget/shared` as an app repository installs it: JavaScript and type declarations built from
// shared/src (the workspace itself runs the .ts sources), `zod` as its dependency and `firebase` as
// a peer, so an app's bundle holds one copy of the Firebase SDK, its own.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import ts from 'typescript';

const SHARED = fileURLToPath(new URL('../../shared/', import.meta.url));
/** The package's entry points: `@gadget/shared` and `@gadget/shared/client`. */
const ENTRIES = { '.': 'index', './client': 'client' } as const;

interface SharedManifest {
  readonly name: string;
  readonly version: string;
  readonly description: string;
  readonly dependencies: Readonly<Record<string, string>>;
  readonly peerDependencies: Readonly<Record<string, string>>;
  readonly peerDependenciesMeta?: Readonly<Record<string, { optional?: boolean }>>;
}

/**
 * Compiles shared/src into `dir`: `dist/` (ES2022 modules with `.js` imports, and `.d.ts`), a
 * package.json that points its exports there, and a README. Returns the package.json written.
 */
export function buildClientPackage(dir: string): Record<string, unknown> {
  const outDir = join(dir, 'dist');
  const program = ts.createProgram(
    Object.values(ENTRIES).map((entry) => join(SHARED, 'src', `${entry}.ts`)),
    {
      target: ts.ScriptTarget.ES2022,
      // DOM for TextEncoder, which browsers, React Native and Node all have.
      lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      rootDir: join(SHARED, 'src'),
      outDir,
      declaration: true,
      rewriteRelativeImportExtensions: true,
      allowImportingTsExtensions: true,
      verbatimModuleSyntax: true,
      strict: true,
      skipLibCheck: true,
      types: [],
    },
  );
  // The JavaScript's relative imports are rewritten to `.js` by the compiler; the declarations'
  // are not, and an app's compiler finds no `.ts` file beside them.
  const emitted = program.emit(undefined, (file, text) => {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, file.endsWith('.d.ts') ? withJsSpecifiers(text) : text);
  });
  const problems = [...ts.getPreEmitDiagnostics(program), ...emitted.diagnostics];
  if (problems.length > 0 || emitted.emitSkipped) {
    const host = {
      getCanonicalFileName: (name: string) => name,
      getCurrentDirectory: () => SHARED,
      getNewLine: () => '\n',
    };
    throw new Error(ts.formatDiagnostics(problems, host));
  }

  const shared = JSON.parse(readFileSync(join(SHARED, 'package.json'), 'utf8')) as SharedManifest;
  const manifest = {
    name: shared.name,
    version: shared.version,
    description: shared.description,
    license: 'UNLICENSED',
    type: 'module',
    sideEffects: false,
    exports: Object.fromEntries(
      Object.entries(ENTRIES).map(([path, entry]) => [
        path,
        { types: `./dist/${entry}.d.ts`, default: `./dist/${entry}.js` },
      ]),
    ),
    files: ['dist'],
    dependencies: shared.dependencies,
    peerDependencies: shared.peerDependencies,
    ...(shared.peerDependenciesMeta ? { peerDependenciesMeta: shared.peerDependenciesMeta } : {}),
  };
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  writeFileSync(join(dir, 'README.md'), PACKAGE_README);
  return manifest;
}

/** `from './x.ts'` and `import('./x.ts')` → `.js`: where the built file is. */
function withJsSpecifiers(declarations: string): string {
  return declarations.replace(/(['"])(\.{1,2}\/[^'"]+)\.ts\1/g, '$1$2.js$1');
}

const PACKAGE_README = `# @gadget/shared

The Gadget backend's contracts for apps: zod schemas of every callable's request and response,
Firestore paths, limits, device models, and (\`@gadget/shared/client\`) a typed client for the
\`firebase\` JS SDK (web, React Native, Node). The client needs \`firebase\` 12 or newer in the app;
the package brings none of its own.

\`\`\`js
import { createGadgetClient } from '@gadget/shared/client';
const client = createGadgetClient(getFunctions(app));
const { profile } = await client.ensureProfile({ locale: 'en-GB' });
\`\`\`

Built from the backend's repository with \`npm run client:pack\`; the API is in its docs/API.md.
`;

const run = promisify(execFile);

/**
 * Builds the package in a scratch folder and packs it with \`npm pack\` into `outDir`. Returns the
 * tarball's path, which an app installs with `npm install <path>`.
 */
export async function packClientPackage(outDir: string): Promise<string> {
  const scratch = mkdtempSync(join(tmpdir(), 'gadget-client-package-'));
  try {
    buildClientPackage(scratch);
    mkdirSync(outDir, { recursive: true });
    const { stdout } = await run(
      'npm',
      ['pack', '--json', '--pack-destination', resolve(outDir), '--loglevel=error'],
      { cwd: scratch },
    );
    const [packed] = JSON.parse(stdout) as { filename: string }[];
    if (packed === undefined) throw new Error('npm pack wrote nothing');
    return join(resolve(outDir), packed.filename);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
