import { invalid } from './errors.ts';

export interface DatabaseName {
  project: string;
  database: string;
}

const DATABASE = /^projects\/([^/]+)\/databases\/([^/]+)$/;
const ROOT = /^projects\/([^/]+)\/databases\/([^/]+)\/documents(?:\/(.*))?$/;

export function databaseKey(db: DatabaseName): string {
  return `projects/${db.project}/databases/${db.database}`;
}

export function parseDatabase(name: string): DatabaseName {
  const m = DATABASE.exec(name);
  if (!m?.[1] || !m[2]) throw invalid(`Invalid database name '${name}'.`);
  return { project: m[1], database: m[2] };
}

/** Splits a resource name into its database and the relative path ('' for the root). */
export function parseResource(name: string): DatabaseName & { path: string } {
  const m = ROOT.exec(name);
  if (!m?.[1] || !m[2]) throw invalid(`Invalid resource name '${name}'.`);
  const path = m[3] ?? '';
  if (path !== '') validateSegments(path, name);
  return { project: m[1], database: m[2], path };
}

function validateSegments(path: string, name: string): void {
  for (const seg of path.split('/')) {
    if (seg === '') throw invalid(`Invalid resource name '${name}': empty path segment.`);
  }
}

function sameDatabase(a: DatabaseName, b: DatabaseName, name: string): void {
  if (a.project !== b.project || a.database !== b.database)
    throw invalid(
      `'${name}' is not in the request's database '${databaseKey(b)}' (project or database id mismatch).`,
    );
}

/** A document name inside `db`: even number of segments, writable ids when `forWrite`. */
export function parseDocumentName(name: string, db: DatabaseName, forWrite = false): string {
  const r = parseResource(name);
  sameDatabase(r, db, name);
  const segs = r.path.split('/');
  if (r.path === '' || segs.length % 2 !== 0)
    throw invalid(
      `Invalid document name '${name}': a document path has an even number of segments.`,
    );
  if (Buffer.byteLength(r.path) > 6144) throw invalid(`Document name '${name}' is too long.`);
  for (const seg of segs) {
    if (seg === '.' || seg === '..') throw invalid(`Invalid document name '${name}'.`);
    if (Buffer.byteLength(seg) > 1500)
      throw invalid(`Document id in '${name}' exceeds 1,500 bytes.`);
  }
  if (forWrite) {
    for (const seg of segs) {
      if (/^__.*__$/.test(seg))
        throw invalid(`Document name '${name}' uses a reserved id (ids may not match __.*__).`);
    }
  }
  return r.path;
}

/** A parent: the database root ('') or a document path. */
export function parseParent(name: string, db?: DatabaseName): DatabaseName & { path: string } {
  const r = parseResource(name);
  if (db) sameDatabase(r, db, name);
  if (r.path !== '' && r.path.split('/').length % 2 !== 0)
    throw invalid(`Invalid parent '${name}': a parent is the database root or a document.`);
  return r;
}

export function documentName(db: DatabaseName, path: string): string {
  return `${databaseKey(db)}/documents/${path}`;
}

export function parentOf(path: string): string {
  const i = path.lastIndexOf('/');
  const j = path.lastIndexOf('/', i - 1);
  return j < 0 ? '' : path.slice(0, j);
}

/** The collection path of a document path: 'a/b/c/d' -> 'a/b/c'. */
export function collectionOf(path: string): string {
  return path.slice(0, path.lastIndexOf('/'));
}

export function collectionIdOf(path: string): string {
  const col = collectionOf(path);
  return col.slice(col.lastIndexOf('/') + 1);
}
