// What the Firestore folder's layout promises, read from the sources: the data plane
// (src/firestore/data/) imports no network code, and no `as unknown as` hides a shape mismatch (the
// message types are generated from the protos instead).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../../src', import.meta.url));
const FIRESTORE = path.join(SRC, 'firestore');
const DATA_PLANE = path.join(FIRESTORE, 'data');
const GENERATED = path.join(FIRESTORE, 'generated');
const NET = path.join(SRC, 'net');
/** What the data plane may import from outside its folder: the message types and the logger. */
const DATA_PLANE_REACHES = [GENERATED + path.sep, path.join(SRC, 'log.ts')];

const NETWORK_BUILTINS = new Set(['dgram', 'dns', 'http', 'http2', 'https', 'net', 'tls']);
const NETWORK_PACKAGES = ['@grpc/', 'express', 'ws', 'undici'];

function sourcesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name));
}

/** Every module a file names: static, type-only, side-effect and dynamic imports, re-exports. */
function importsOf(source: string): string[] {
  return ts.preProcessFile(source, true, true).importedFiles.map((f) => f.fileName);
}

/** Why `specifier`, imported by `file`, is network code; undefined when it is not. */
function networkReason(file: string, specifier: string): string | undefined {
  if (specifier.startsWith('.')) {
    const target = path.resolve(path.dirname(file), specifier);
    return target === NET || target.startsWith(NET + path.sep) ? 'local-cloud net/' : undefined;
  }
  const builtin = specifier.replace(/^node:/, '').split('/')[0] ?? '';
  if (NETWORK_BUILTINS.has(builtin)) return 'a Node network module';
  const pkg = NETWORK_PACKAGES.find((p) => specifier === p || specifier.startsWith(p));
  return pkg === undefined ? undefined : `the ${pkg} package`;
}

describe('importsOf', () => {
  it('sees every form of import and re-export', () => {
    const source = [
      "import a from 'a';",
      "import type { B } from 'b';",
      "import { type C } from 'c';",
      "export { d } from 'd';",
      "export type { E } from 'e';",
      "export * from 'f';",
      "const g = await import('g');",
      "type H = typeof import('h');",
      "import 'i';",
    ].join('\n');
    expect(importsOf(source)).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i']);
  });
});

describe('src/firestore/data, the data plane', () => {
  const files = sourcesUnder(DATA_PLANE);
  const imports = files.flatMap((file) =>
    importsOf(readFileSync(file, 'utf8')).map((specifier) => ({ file, specifier })),
  );

  it('holds the store, queries, values and writes', () => {
    const names = files.map((f) => path.basename(f));
    for (const module of ['store.ts', 'query.ts', 'values.ts', 'writes.ts', 'engine.ts'])
      expect(names).toContain(module);
    // An empty scan must not pass for a clean one.
    expect(imports.length).toBeGreaterThan(50);
  });

  it('imports nothing from net/, grpc or a Node network module', () => {
    const offending = imports
      .map(({ file, specifier }) => ({ file, specifier, why: networkReason(file, specifier) }))
      .filter((i) => i.why !== undefined)
      .map((i) => `${path.relative(SRC, i.file)} imports ${i.specifier} (${String(i.why)})`);
    expect(offending).toEqual([]);
  });

  it('reaches outside itself only for the message types and the logger (tests aside)', () => {
    const outside = imports
      .filter(({ file, specifier }) => specifier.startsWith('.') && !file.endsWith('.test.ts'))
      .filter(({ file, specifier }) => {
        const target = path.resolve(path.dirname(file), specifier);
        if (target.startsWith(DATA_PLANE + path.sep)) return false;
        return !DATA_PLANE_REACHES.some((allowed) => target.startsWith(allowed));
      })
      .map(({ file, specifier }) => `${path.relative(SRC, file)} imports ${specifier}`);
    expect(outside).toEqual([]);
  });

  it('the checks above would catch a network import', () => {
    const file = path.join(DATA_PLANE, 'store.ts');
    expect(networkReason(file, '../../net/grpc.ts')).toBeDefined();
    expect(networkReason(file, '@grpc/grpc-js')).toBeDefined();
    expect(networkReason(file, 'node:http2')).toBeDefined();
    expect(networkReason(file, 'http')).toBeDefined();
    expect(networkReason(file, 'node:fs/promises')).toBeUndefined();
    expect(networkReason(file, './values.ts')).toBeUndefined();
  });
});

/** The casts `x as unknown as T` in a source, as syntax (comments and strings do not count). */
function doubleCasts(fileName: string, source: string): string[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (
      ts.isAsExpression(node) &&
      ts.isAsExpression(node.expression) &&
      node.expression.type.kind === ts.SyntaxKind.UnknownKeyword
    ) {
      const { line } = file.getLineAndCharacterOfPosition(node.getStart());
      found.push(`${fileName}:${String(line + 1)}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

describe("local-cloud's Firestore", () => {
  it('finds a cast through unknown, and only as code', () => {
    expect(doubleCasts('a.ts', 'const x = y as unknown as Z;')).toEqual(['a.ts:1']);
    expect(doubleCasts('b.ts', '// y as unknown as Z\nconst s = "as unknown as";')).toEqual([]);
  });

  it('has no `as unknown as` in its sources or tests', () => {
    const tests = fileURLToPath(new URL('.', import.meta.url));
    const casts = [...sourcesUnder(FIRESTORE), ...sourcesUnder(tests)].flatMap((file) =>
      doubleCasts(path.relative(SRC, file), readFileSync(file, 'utf8')),
    );
    expect(casts).toEqual([]);
  });
});
