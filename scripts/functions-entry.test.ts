// Scripts use the functions' code only through functions/src/for-scripts/, the entries that say
// what scripts depend on: a script importing a service by its path would tie every move inside
// functions/src to the scripts that reach in. This reads every import under scripts/ (static,
// type-only, re-exports and dynamic) and refuses any into functions/ but those entries; and it
// checks that the entries offer exactly what scripts import from them.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const SCRIPTS = path.join(ROOT, 'scripts');
const FUNCTIONS = path.join(ROOT, 'functions');
const ENTRIES = path.join(FUNCTIONS, 'src', 'for-scripts');
const FUNCTIONS_PACKAGE = '@gadget/functions';

function isInside(folder: string, file: string): boolean {
  const relative = path.relative(folder, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

/** Where a relative import of `file` leads, or undefined for a package import. */
function resolved(file: string, specifier: string): string | undefined {
  return specifier.startsWith('.') ? path.resolve(path.dirname(file), specifier) : undefined;
}

/** The imports of a script (at `file`, reading `text`) that reach into functions/ past its entries. */
function importsPastEntries(file: string, text: string): string[] {
  return ts
    .preProcessFile(text, true, true)
    .importedFiles.map(({ fileName }) => fileName)
    .filter((specifier) => {
      if (specifier === FUNCTIONS_PACKAGE || specifier.startsWith(`${FUNCTIONS_PACKAGE}/`))
        return true;
      const target = resolved(file, specifier);
      return target !== undefined && isInside(FUNCTIONS, target) && !isInside(ENTRIES, target);
    });
}

/** The names a script imports from each entry, by the entry's file. */
function namesImportedFromEntries(file: string, text: string): Map<string, string[]> {
  const names = new Map<string, string[]>();
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest);
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier))
      continue;
    const target = resolved(file, statement.moduleSpecifier.text);
    if (target === undefined || !isInside(ENTRIES, target)) continue;
    const bindings = statement.importClause?.namedBindings;
    const imported =
      bindings !== undefined && ts.isNamedImports(bindings)
        ? bindings.elements.map((element) => (element.propertyName ?? element.name).text)
        : ['*'];
    names.set(target, [...(names.get(target) ?? []), ...imported]);
  }
  return names;
}

/** The names an entry re-exports. */
function exportedNames(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
  return source.statements.flatMap((statement) =>
    ts.isExportDeclaration(statement) &&
    statement.exportClause !== undefined &&
    ts.isNamedExports(statement.exportClause)
      ? statement.exportClause.elements.map((element) => element.name.text)
      : [],
  );
}

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter(
      (name) => /\.[cm]?[jt]sx?$/.test(name) && !name.split(path.sep).includes('node_modules'),
    )
    .map((name) => path.join(folder, name));
}

describe('how a script reaches the functions', () => {
  const script = path.join(SCRIPTS, 'firmware', 'example.ts');
  const past = (text: string) => importsPastEntries(script, text);

  it('refuses every form of import into functions/ outside for-scripts/', () => {
    expect(
      past("import { x } from '../../functions/src/services/devices/claim-codes.ts';"),
    ).toEqual(['../../functions/src/services/devices/claim-codes.ts']);
    expect(past("import type { T } from '../../functions/src/data/converter.ts';")).toHaveLength(1);
    expect(past("export * from '../../functions/src/config.ts';")).toHaveLength(1);
    expect(past("const m = await import('../../functions/lib/index.js');")).toHaveLength(1);
    expect(past("import '../../functions/build.ts';")).toHaveLength(1);
    expect(past("import { f } from '@gadget/functions';")).toEqual(['@gadget/functions']);
    // Through the entries' folder and out again is still a reach past them.
    expect(past("import { x } from '../../functions/src/for-scripts/../admin.ts';")).toHaveLength(
      1,
    );
  });

  it('allows the entries, other packages and the scripts’ own files', () => {
    expect(
      past(
        [
          "import { countRollout } from '../../functions/src/for-scripts/firmware.ts';",
          "import { COLLECTIONS } from '@gadget/shared';",
          "import { getFirestore } from 'firebase-admin/firestore';",
          "import { FirmwareRefusal } from './refusal.ts';",
          "import { parseOptions } from '../cli/usage-error.ts';",
        ].join('\n'),
      ),
    ).toEqual([]);
  });

  it('reads the names a script takes from an entry, renamed or not', () => {
    const entry = path.join(ENTRIES, 'seeding.ts');
    expect(
      namesImportedFromEntries(
        script,
        "import { newDevice, hashToken as hash } from '../../functions/src/for-scripts/seeding.ts';\n" +
          "import { other } from './other.ts';",
      ),
    ).toEqual(new Map([[entry, ['newDevice', 'hashToken']]]));
  });
});

describe('scripts/', () => {
  const scripts = sourceFiles(SCRIPTS).map((file) => ({ file, text: readFileSync(file, 'utf8') }));

  it('imports functions code only through functions/src/for-scripts/', () => {
    expect(scripts.length).toBeGreaterThan(50);
    const reaching = scripts.flatMap(({ file, text }) =>
      importsPastEntries(file, text).map(
        (specifier) => `${path.relative(ROOT, file)}: ${specifier}`,
      ),
    );
    expect(reaching).toEqual([]);
  });

  it('uses every name the entries export, and imports none they do not', () => {
    const used = new Map<string, Set<string>>();
    for (const { file, text } of scripts) {
      for (const [entry, names] of namesImportedFromEntries(file, text)) {
        const set = used.get(entry) ?? new Set<string>();
        for (const name of names) set.add(name);
        used.set(entry, set);
      }
    }
    const entries = sourceFiles(ENTRIES);
    expect(entries.length).toBeGreaterThan(0);
    for (const entry of entries) {
      const name = path.relative(ROOT, entry);
      expect([...(used.get(entry) ?? [])].sort(), name).toEqual(exportedNames(entry).sort());
    }
    expect([...used.keys()].filter((entry) => !entries.includes(entry))).toEqual([]);
  });
});
