// The API reference and the native apps' JSON Schemas are generated from the contracts; these fail
// when someone changed a contract and did not regenerate (`npm run docs:api`, `npm run schemas`).
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CALLABLES } from '@gadget/shared';
import { renderApiDocs } from '../../scripts/contracts/api-docs.ts';
import { extractAllows, renderSecurityDocs } from '../../scripts/contracts/security-docs.ts';
import {
  collectContracts,
  collectEndpoints,
  collectReadablePaths,
} from '../../scripts/contracts/collect.ts';
import {
  contractJsonSchemas,
  readablePathJsonSchemas,
} from '../../scripts/contracts/json-schemas.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('generated contract artefacts', () => {
  const contracts = collectContracts();
  const readablePaths = collectReadablePaths();

  it('finds every callable contract the shared package exports', () => {
    expect(contracts.map((c) => c.name)).toContain('ensureProfile');
    expect(new Set(contracts.map((c) => c.name)).size).toBe(contracts.length);
  });

  it('the typed client knows every callable (shared/src/callables.ts lists them all)', () => {
    expect(Object.keys(CALLABLES).sort()).toEqual(contracts.map((c) => c.name).sort());
    for (const [name, contract] of Object.entries(CALLABLES)) expect(contract.name).toBe(name);
  });

  it('docs/API.md is up to date (run `npm run docs:api`)', () => {
    expect(readFileSync(`${ROOT}docs/API.md`, 'utf8')).toBe(
      renderApiDocs(contracts, collectEndpoints(), readablePaths),
    );
  });

  it('docs/SECURITY.md is up to date (run `npm run docs:api`)', () => {
    const rules = {
      firestore: readFileSync(`${ROOT}firestore.rules`, 'utf8'),
      storage: readFileSync(`${ROOT}storage.rules`, 'utf8'),
    };
    expect(readFileSync(`${ROOT}docs/SECURITY.md`, 'utf8')).toBe(
      renderSecurityDocs(contracts, rules),
    );
    // Every allow of the rules is in the tables.
    const allows = [...extractAllows(rules.firestore), ...extractAllows(rules.storage)];
    const inRules = (text: string) => (text.match(/\ballow\s+[a-z, ]+:/g) ?? []).length;
    expect(allows).toHaveLength(
      inRules(rules.firestore.replace(/\/\/[^\n]*/g, '')) +
        inRules(rules.storage.replace(/\/\/[^\n]*/g, '')),
    );
  });

  it('shared/schemas/ is up to date (run `npm run schemas`)', () => {
    const expected = new Map([
      ...contractJsonSchemas(contracts),
      ...readablePathJsonSchemas(readablePaths),
    ]);
    const dir = `${ROOT}shared/schemas/`;
    const present = [
      ...readdirSync(dir),
      ...readdirSync(`${dir}firestore/`).map((file) => `firestore/${file}`),
    ]
      .filter((file) => file.endsWith('.json'))
      .sort();
    expect(present).toEqual([...expected.keys()].sort());
    for (const [name, text] of expected)
      expect(readFileSync(`${dir}${name}`, 'utf8'), name).toBe(text);
  });

  it('lists in the docs every callable, who may call it, and its errors', () => {
    const docs = renderApiDocs(contracts, collectEndpoints(), readablePaths);
    for (const contract of contracts) {
      expect(docs).toContain(`## ${contract.name}`);
    }
    expect(docs).toContain('`invalid-argument`');
  });

  it('lists in the docs every readable path, its queries and the server-only collections', () => {
    const docs = renderApiDocs(contracts, collectEndpoints(), readablePaths);
    expect(docs).toContain('# What the app reads');
    for (const readable of readablePaths) {
      expect(docs).toContain(`## \`${readable.path}\``);
      for (const query of readable.queries) expect(docs).toContain(`| \`${query.name}\` |`);
    }
    expect(docs).toContain('| `deviceRegistry` |');
  });
});
