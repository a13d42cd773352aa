// `npm run docs:api`: writes docs/API.md from the shared contracts and the table of what apps read,
// and docs/SECURITY.md from the contracts' callers and the rules. A test fails when either is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderApiDocs } from './contracts/api-docs.ts';
import { collectContracts, collectEndpoints, collectReadablePaths } from './contracts/collect.ts';
import { renderSecurityDocs } from './contracts/security-docs.ts';

const FILE = fileURLToPath(new URL('../docs/API.md', import.meta.url));
writeFileSync(FILE, renderApiDocs(collectContracts(), collectEndpoints(), collectReadablePaths()));
console.log('Wrote docs/API.md');

const root = (path: string) => fileURLToPath(new URL(`../${path}`, import.meta.url));
writeFileSync(
  root('docs/SECURITY.md'),
  renderSecurityDocs(collectContracts(), {
    firestore: readFileSync(root('firestore.rules'), 'utf8'),
    storage: readFileSync(root('storage.rules'), 'utf8'),
  }),
);
console.log('Wrote docs/SECURITY.md');
