// `npm run docs:api`: writes docs/API.md from the shared contracts and the table of what apps read.
// A test fails when it is stale.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderApiDocs } from './contracts/api-docs.ts';
import { collectContracts, collectEndpoints, collectReadablePaths } from './contracts/collect.ts';

const FILE = fileURLToPath(new URL('../docs/API.md', import.meta.url));
writeFileSync(FILE, renderApiDocs(collectContracts(), collectEndpoints(), collectReadablePaths()));
console.log('Wrote docs/API.md');
