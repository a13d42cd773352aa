// Which error codes each callable's own code can answer with, read from the functions' sources with
// the TypeScript compiler: everything a handler reaches (functions it calls or passes on, the
// values it reads), followed through the services, collecting the codes of the domain errors made on
// the way (`notFound(…)` and its siblings in functions/src/errors.ts are `new DomainError('<code>')`).
// It over-approximates, as a reader would: a code a reached function can throw counts even when the
// callable's arguments never lead there. docs/API.md's error tables are checked against it.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const FUNCTIONS = fileURLToPath(new URL('../../functions/', import.meta.url));
const FUNCTIONS_SRC = `${FUNCTIONS}src/`;
const CALLABLES_DIR = `${FUNCTIONS_SRC}callables/`;

/** Where an error is made: the error, or the call of an errors.ts helper that makes it. */
export interface ErrorSite {
  /** `functions/src/…/file.ts:line`. */
  readonly at: string;
  /** The named function it is in (`(module)` at the top level). */
  readonly in: string;
}

/** What a callable's code can answer. */
export interface ThrownCodes {
  /** Each code its domain errors (and HttpsErrors) have, with where each is made. */
  readonly codes: ReadonlyMap<string, readonly ErrorSite[]>;
  /** The reached calls of each watched function, as the source text of their arguments. */
  readonly calls: ReadonlyMap<string, readonly (readonly string[])[]>;
}

/**
 * The codes each callable can answer with, keyed by its deployed name (the name it is exported
 * under in functions/src/callables/). `watch` names functions whose reached calls to report with
 * their arguments, for codes that depend on them.
 */
export function callableThrownCodes(watch: readonly string[] = []): Map<string, ThrownCodes> {
  const files = readdirSync(CALLABLES_DIR)
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
    .map((file) => `${CALLABLES_DIR}${file}`);
  const program = ts.createProgram(files, compilerOptions());
  const walker = new ErrorWalker(program.getTypeChecker(), new Set(watch));
  const recentLogin = wrapperCall(program, 'requireRecentLogin');
  const result = new Map<string, ThrownCodes>();
  for (const file of files) {
    const source = program.getSourceFile(file);
    if (source === undefined) throw new Error(`Not compiled: ${file}`);
    for (const callable of definedCallables(source, { recentLogin })) {
      result.set(callable.name, walker.codesFrom(callable.roots));
    }
  }
  return result;
}

function compilerOptions(): ts.CompilerOptions {
  const configFile = `${FUNCTIONS}tsconfig.json`;
  const read = ts.readConfigFile(configFile, (path) => ts.sys.readFile(path));
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, FUNCTIONS);
  return { ...parsed.options, noEmit: true, composite: false, incremental: false };
}

/**
 * `export const name = defineCallable(contract, handler, options)`: the handler, and what the
 * options make the wrapper run around it (`recentLogin: true`: its `requireRecentLogin` call).
 */
function definedCallables(
  source: ts.SourceFile,
  wrapperSteps: { readonly recentLogin: ts.Node },
): { name: string; roots: ts.Node[] }[] {
  const found: { name: string; roots: ts.Node[] }[] = [];
  for (const statement of source.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations) {
      const call = declaration.initializer;
      if (
        !ts.isIdentifier(declaration.name) ||
        call === undefined ||
        !ts.isCallExpression(call) ||
        call.expression.getText(source) !== 'defineCallable'
      ) {
        continue;
      }
      const [, handler, options] = call.arguments;
      if (handler === undefined) throw new Error(`${declaration.name.text} has no handler`);
      const roots: ts.Node[] = [handler];
      if (options !== undefined && hasTrueProperty(options, 'recentLogin')) {
        roots.push(wrapperSteps.recentLogin);
      }
      found.push({ name: declaration.name.text, roots });
    }
  }
  return found;
}

function hasTrueProperty(node: ts.Node, name: string): boolean {
  return (
    ts.isObjectLiteralExpression(node) &&
    node.properties.some(
      (property) =>
        ts.isPropertyAssignment(property) &&
        property.name.getText() === name &&
        property.initializer.kind === ts.SyntaxKind.TrueKeyword,
    )
  );
}

/** The call of `name` in callable.ts, the wrapper every callable runs in. */
function wrapperCall(program: ts.Program, name: string): ts.Node {
  const source = program.getSourceFile(`${FUNCTIONS_SRC}callable.ts`);
  let found: ts.Node | undefined;
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && node.expression.getText(source) === name) found ??= node;
    ts.forEachChild(node, visit);
  };
  if (source !== undefined) visit(source);
  if (found === undefined) throw new Error(`functions/src/callable.ts no longer calls ${name}`);
  return found;
}

/** Follows references from a node to the declarations they reach, collecting the codes made. */
class ErrorWalker {
  private readonly checker: ts.TypeChecker;
  private readonly watch: ReadonlySet<string>;

  constructor(checker: ts.TypeChecker, watch: ReadonlySet<string>) {
    this.checker = checker;
    this.watch = watch;
  }

  codesFrom(roots: readonly ts.Node[]): ThrownCodes {
    const codes = new Map<string, ErrorSite[]>();
    const calls = new Map<string, string[][]>();
    // errors.ts's helpers are visited once per place that calls them, so each call is a site.
    const visited = new Map<ts.Node, Set<string | undefined>>();
    // Each node with the place that reached it from outside errors.ts: where a helper was called.
    const pending: { node: ts.Node; from: ErrorSite | undefined }[] = roots.map((node) => ({
      node,
      from: undefined,
    }));
    while (pending.length > 0) {
      const next = pending.pop();
      if (next === undefined) continue;
      const key = isErrorsModule(next.node.getSourceFile()) ? next.from?.at : undefined;
      const seen = visited.get(next.node) ?? new Set();
      if (seen.has(key)) continue;
      visited.set(next.node, seen.add(key));
      const visit = (child: ts.Node): void => {
        const here = () => (isErrorsModule(child.getSourceFile()) ? next.from : siteOf(child));
        const made = ts.isNewExpression(child) ? this.madeErrorCode(child) : undefined;
        const site = made === undefined ? undefined : here();
        if (made !== undefined && site !== undefined) {
          const sites = codes.get(made) ?? [];
          if (!sites.some((known) => known.at === site.at)) sites.push(site);
          codes.set(made, sites);
        }
        if (ts.isCallExpression(child) && this.watch.has(child.expression.getText())) {
          const name = child.expression.getText();
          calls.set(name, [...(calls.get(name) ?? []), child.arguments.map((a) => a.getText())]);
        }
        if (ts.isIdentifier(child)) {
          const reached = this.reachedDeclarations(child);
          if (reached.length > 0) {
            const from = here();
            for (const node of reached) pending.push({ node, from });
          }
        }
        ts.forEachChild(child, visit);
      };
      visit(next.node);
    }
    return { codes, calls };
  }

  /** `new DomainError('<code>', …)` or `new HttpsError('<code>', …)`: the code; else undefined. */
  private madeErrorCode(expression: ts.NewExpression): string | undefined {
    const name = expression.expression.getText();
    if (name !== 'DomainError' && name !== 'HttpsError') return undefined;
    const [code] = expression.arguments ?? [];
    if (code !== undefined && ts.isStringLiteral(code)) return code.text;
    // Only the wrapper and the mapping in errors.ts pass a code through; anywhere else a code the
    // walker cannot read would leave the tables unchecked.
    const file = expression.getSourceFile().fileName;
    if (isErrorsModule(expression.getSourceFile()) || file === `${FUNCTIONS_SRC}callable.ts`) {
      return undefined;
    }
    throw new Error(`${siteOf(expression).at}: an error code that is not a string literal`);
  }

  /** The function bodies and values in functions/src an identifier refers to. */
  private reachedDeclarations(identifier: ts.Identifier): ts.Node[] {
    if (isTypePosition(identifier)) return [];
    let symbol = this.checker.getSymbolAtLocation(identifier);
    if (symbol === undefined) return [];
    if (symbol.flags & ts.SymbolFlags.Alias) symbol = this.checker.getAliasedSymbol(symbol);
    return (symbol.declarations ?? []).flatMap((declaration) => this.bodiesOf(declaration));
  }

  private bodiesOf(declaration: ts.Declaration): ts.Node[] {
    if (!isProductSource(declaration.getSourceFile())) return [];
    if (ts.isBindingElement(declaration)) return this.destructured(declaration);
    if (
      ts.isFunctionDeclaration(declaration) ||
      ts.isMethodDeclaration(declaration) ||
      ts.isClassDeclaration(declaration) ||
      ts.isGetAccessorDeclaration(declaration) ||
      ts.isConstructorDeclaration(declaration)
    ) {
      return [declaration];
    }
    if (ts.isVariableDeclaration(declaration) || ts.isPropertyDeclaration(declaration)) {
      return declaration.initializer === undefined ? [] : [declaration.initializer];
    }
    if (ts.isPropertyAssignment(declaration)) return [declaration.initializer];
    return [];
  }

  /** `const { sweepAccount } = await import('…')`: the export the binding takes. */
  private destructured(element: ts.BindingElement): ts.Node[] {
    const pattern = element.parent;
    if (!ts.isObjectBindingPattern(pattern)) return [];
    const property = (element.propertyName ?? element.name).getText();
    const source = this.checker.getTypeAtLocation(pattern).getProperty(property);
    return (source?.declarations ?? []).flatMap((declaration) => this.bodiesOf(declaration));
  }
}

function isErrorsModule(file: ts.SourceFile): boolean {
  return file.fileName === `${FUNCTIONS_SRC}errors.ts`;
}

/** The functions' own sources, tests left out: what a deployed callable runs. */
function isProductSource(file: ts.SourceFile): boolean {
  return file.fileName.startsWith(FUNCTIONS_SRC) && !file.fileName.endsWith('.test.ts');
}

/** A name in a type (`: Device`, `Promise<Foo>`) or an import, which runs nothing by itself. */
function isTypePosition(node: ts.Node): boolean {
  const found = ts.findAncestor(node.parent, (ancestor) => {
    if (ts.isImportDeclaration(ancestor) || ts.isExportDeclaration(ancestor)) return true;
    if (ts.isTypeNode(ancestor) && !ts.isExpressionWithTypeArguments(ancestor)) return true;
    return ts.isStatement(ancestor) || ts.isBlock(ancestor) ? 'quit' : false;
  });
  return found !== undefined;
}

function siteOf(node: ts.Node): ErrorSite {
  const source = node.getSourceFile();
  const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
  return {
    at: `functions/src/${source.fileName.slice(FUNCTIONS_SRC.length)}:${String(line + 1)}`,
    in: enclosingFunctionName(node),
  };
}

function enclosingFunctionName(node: ts.Node): string {
  const named = ts.findAncestor(node.parent, (ancestor) => functionName(ancestor) !== undefined);
  return (named && functionName(named)) ?? '(module)';
}

/** `function name() {}`, a method, or `const name = () => {}`: its name; else undefined. */
function functionName(node: ts.Node): string | undefined {
  if ((ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node)) && node.name) {
    return node.name.getText();
  }
  if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name)) {
    const value = node.initializer;
    if (value !== undefined && (ts.isArrowFunction(value) || ts.isFunctionExpression(value))) {
      return node.name.text;
    }
  }
  return undefined;
}
