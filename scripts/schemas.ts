// `npm run schemas`: writes shared/schemas/{callable}.json (JSON Schema 2020-12 of each request and
// response), shared/schemas/firestore/{name}.json (each document apps may read) and
// shared/schemas/models/{model}.metrics.json, .settings.json and .commands.json (each gadget model's
// reading values, settings and command parameters) for Swift and Kotlin code generation. A test
// fails when the files are stale.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DeviceModelIdSchema } from '@gadget/shared';
import { collectContracts, collectReadablePaths } from './contracts/collect.ts';
import {
  contractJsonSchemas,
  deviceModelJsonSchemas,
  readablePathJsonSchemas,
} from './contracts/json-schemas.ts';

const DIR = fileURLToPath(new URL('../shared/schemas/', import.meta.url));
for (const dir of [DIR, `${DIR}firestore/`, `${DIR}models/`]) {
  mkdirSync(dir, { recursive: true });
  for (const old of readdirSync(dir)) if (old.endsWith('.json')) rmSync(`${dir}${old}`);
}
const files = new Map([
  ...contractJsonSchemas(collectContracts()),
  ...readablePathJsonSchemas(collectReadablePaths()),
  ...deviceModelJsonSchemas(DeviceModelIdSchema.options),
]);
for (const [name, text] of files) writeFileSync(`${DIR}${name}`, text);
console.log(`Wrote ${String(files.size)} JSON Schema file(s) to shared/schemas/`);
