// `npm run docs:api`: writes docs/API.md from the shared contracts. A test fails when it is stale.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderApiDocs } from './contracts/api-docs.ts';
import { collectContracts, collectEndpoints } from './contracts/collect.ts';

const FILE = fileURLToPath(new URL('../docs/API.md', import.meta.url));
writeFileSync(FILE, renderApiDocs(collectContracts(), collectEndpoints()));
console.log('Wrote docs/API.md');
