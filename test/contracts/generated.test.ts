// The API reference and the native apps' JSON Schemas are generated from the contracts; these fail
// when someone changed a contract and did not regenerate (`npm run docs:api`, `npm run schemas`).
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CALLABLES, DeviceModelIdSchema, commandsOf, metricsOf, settingsOf } from '@gadget/shared';
import { renderApiDocs } from '../../scripts/contracts/api-docs.ts';
import { extractAllows, renderSecurityDocs } from '../../scripts/contracts/security-docs.ts';
import {
  collectContracts,
  collectEndpoints,
  collectReadablePaths,
} from '../../scripts/contracts/collect.ts';
import {
  contractJsonSchemas,
  deviceModelJsonSchemas,
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
      ...deviceModelJsonSchemas(DeviceModelIdSchema.options),
    ]);
    const dir = `${ROOT}shared/schemas/`;
    const present = [
      ...readdirSync(dir),
      ...readdirSync(`${dir}firestore/`).map((file) => `firestore/${file}`),
      ...readdirSync(`${dir}models/`).map((file) => `models/${file}`),
    ]
      .filter((file) => file.endsWith('.json'))
      .sort();
    expect(present).toEqual([...expected.keys()].sort());
    for (const [name, text] of expected)
      expect(readFileSync(`${dir}${name}`, 'utf8'), name).toBe(text);
  });

  it('describes every model’s settings and commands, with units, defaults and firmware', () => {
    const files = deviceModelJsonSchemas(DeviceModelIdSchema.options);
    for (const model of DeviceModelIdSchema.options) {
      const read = (kind: string) => {
        const document = JSON.parse(files.get(`models/${model}.${kind}.json`) ?? 'null') as {
          model: string;
        } & Record<string, { properties: Record<string, Record<string, unknown>> }>;
        expect(document.model).toBe(model);
        return document[kind]?.properties ?? {};
      };
      const settings = read('settings');
      expect(Object.keys(settings)).toEqual(Object.keys(settingsOf(model)));
      for (const [key, spec] of Object.entries(settingsOf(model))) {
        expect(settings[key]).toMatchObject({
          description: spec.summary,
          default: spec.default,
          'x-min-firmware': spec.minFirmware,
          ...(spec.kind === 'integer' ? { 'x-unit': spec.unit, minimum: spec.min } : {}),
        });
      }
      const commands = read('commands');
      expect(Object.keys(commands)).toEqual(Object.keys(commandsOf(model)));
      for (const [name, spec] of Object.entries(commandsOf(model))) {
        expect(commands[name]).toMatchObject({
          type: 'object',
          additionalProperties: false,
          description: spec.summary,
          'x-min-firmware': spec.minFirmware,
        });
        expect(Object.keys(commands[name]?.properties ?? {})).toEqual(Object.keys(spec.params));
      }
    }
    expect(
      (JSON.parse(files.get('models/thermo-1.commands.json') ?? '{}') as Record<string, unknown>)
        .commands,
    ).toMatchObject({
      properties: {
        identify: {
          properties: { durationSeconds: { type: 'integer', maximum: 60, 'x-unit': 's' } },
        },
      },
    });
  });

  it('describes every model’s metrics, with units and ranges, and refuses any other', () => {
    const files = deviceModelJsonSchemas(DeviceModelIdSchema.options);
    for (const model of DeviceModelIdSchema.options) {
      const document = JSON.parse(files.get(`models/${model}.metrics.json`) ?? 'null') as {
        model: string;
        metrics: { properties: Record<string, unknown>; additionalProperties: unknown };
      };
      expect(document.model).toBe(model);
      expect(document.metrics.additionalProperties).toBe(false);
      expect(document.metrics.properties).toEqual(
        Object.fromEntries(
          Object.entries(metricsOf(model)).map(([metric, spec]) => [
            metric,
            { type: 'number', minimum: spec.min, maximum: spec.max, 'x-unit': spec.unit },
          ]),
        ),
      );
    }
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
