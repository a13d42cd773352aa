// `npm run schemas`: writes shared/schemas/{callable}.json (JSON Schema 2020-12 of each request and
// response) and shared/schemas/firestore/{name}.json (each document apps may read) for Swift and
// Kotlin code generation. A test fails when the files are stale.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { collectContracts, collectReadablePaths } from './contracts/collect.ts';
import { contractJsonSchemas, readablePathJsonSchemas } from './contracts/json-schemas.ts';

const DIR = fileURLToPath(new URL('../shared/schemas/', import.meta.url));
for (const dir of [DIR, `${DIR}firestore/`]) {
  mkdirSync(dir, { recursive: true });
  for (const old of readdirSync(dir)) if (old.endsWith('.json')) rmSync(`${dir}${old}`);
}
const files = new Map([
  ...contractJsonSchemas(collectContracts()),
  ...readablePathJsonSchemas(collectReadablePaths()),
]);
for (const [name, text] of files) writeFileSync(`${DIR}${name}`, text);
console.log(`Wrote ${String(files.size)} JSON Schema file(s) to shared/schemas/`);
