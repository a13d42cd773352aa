// `npm run schemas`: writes shared/schemas/{callable}.json (JSON Schema 2020-12 of each request and
// response) for Swift and Kotlin code generation. A test fails when the files are stale.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { collectContracts } from './contracts/collect.ts';
import { contractJsonSchemas } from './contracts/json-schemas.ts';

const DIR = fileURLToPath(new URL('../shared/schemas/', import.meta.url));
mkdirSync(DIR, { recursive: true });
for (const old of readdirSync(DIR)) if (old.endsWith('.json')) rmSync(`${DIR}${old}`);
const files = contractJsonSchemas(collectContracts());
for (const [name, text] of files) writeFileSync(`${DIR}${name}`, text);
console.log(`Wrote ${String(files.size)} JSON Schema file(s) to shared/schemas/`);
