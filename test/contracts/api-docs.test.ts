// docs/API.md against what the backend enforces: the reading shape and each model's metrics against
// the contracts and the telemetry service, and every callable's error table against the error codes
// its code can throw (read from functions/src by scripts/contracts/thrown-errors.ts). The page is
// read as a developer reads it, so a table that leaves out a real answer fails here.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  CALLER_ROLES,
  DEVICE_MODELS,
  LIMITS,
  READING_MAX_AGE_MS,
  READING_MAX_FUTURE_MS,
  READING_MAX_METRICS,
  RoleSchema,
  metricsOf,
} from '@gadget/shared';
import type { CallableContract, DeviceModelId } from '@gadget/shared';
import { DomainError } from '../../functions/src/errors.ts';
import { validateReadings } from '../../functions/src/services/telemetry/validation.ts';
import { collectContracts } from '../../scripts/contracts/collect.ts';
import { CALLER_ERRORS, COMMON_ERRORS } from '../../scripts/contracts/error-rows.ts';
import { callableThrownCodes } from '../../scripts/contracts/thrown-errors.ts';
import type { ThrownCodes } from '../../scripts/contracts/thrown-errors.ts';

const API = readFileSync(fileURLToPath(new URL('../../docs/API.md', import.meta.url)), 'utf8');

/** The text of `## heading` up to the next heading of the same or a higher level. */
function section(heading: string): string {
  const start = API.indexOf(`\n${heading}\n`);
  expect(start, heading).toBeGreaterThanOrEqual(0);
  const level = /^#+/.exec(heading)?.[0] ?? '##';
  const rest = API.slice(start + heading.length + 2);
  const end = rest.search(new RegExp(`\\n#{1,${String(level.length)}} `));
  return end < 0 ? rest : rest.slice(0, end);
}

/** The JSON block after `**label**` in a section. */
function jsonAfter(text: string, label: string): Record<string, unknown> {
  const found = new RegExp(`\\*\\*${label}\\*\\*\\n\\n\`\`\`json\\n([\\s\\S]*?)\\n\`\`\``).exec(
    text,
  );
  if (found?.[1] === undefined) throw new Error(`No JSON after **${label}**`);
  return JSON.parse(found[1]) as Record<string, unknown>;
}

/** The first column of a markdown table's rows after `**Errors**`, without backticks. */
function errorCodes(text: string): string[] {
  const table = text.slice(text.indexOf('**Errors**'));
  return [...table.matchAll(/^\| `([a-z-]+)` \|/gm)].map((row) => row[1] ?? '');
}

type Json = Record<string, unknown>;
const property = (schema: Json, ...path: string[]): Json =>
  path.reduce<Json>((at, key) => (at.properties as Record<string, Json>)[key] ?? {}, schema);

describe('docs/API.md: a reading', () => {
  const readingsOf = {
    submitReadings: property(jsonAfter(section('## submitReadings'), 'Request'), 'readings'),
    ingest: property(jsonAfter(section('## ingest'), 'Request body'), 'readings'),
  };

  it.each(Object.entries(readingsOf))('%s shows each reading’s shape and limits', (_, readings) => {
    expect(readings.maxItems).toBe(LIMITS.readingsPerSubmission);
    const item = readings.items as Json;
    expect(item).toMatchObject({ type: 'object', required: ['id', 'ts', 'values'] });
    expect(property(item, 'id').pattern).toBe(LIMITS.readingIdPattern.source);
    expect(property(item, 'ts')).toMatchObject({
      format: 'date-time',
      'x-max-future-seconds': READING_MAX_FUTURE_MS / 1000,
      'x-max-age-seconds': READING_MAX_AGE_MS / 1000,
    });
    expect(property(item, 'values')).toMatchObject({
      additionalProperties: { type: 'number' },
      minProperties: 1,
      maxProperties: READING_MAX_METRICS,
    });
  });

  it('states the limits the telemetry service enforces', () => {
    const readings = section('# Readings');
    expect(readings).toContain(`1 to ${String(LIMITS.readingsPerSubmission)} readings`);
    expect(readings).toContain(`${String(READING_MAX_FUTURE_MS / 60_000)} minutes ahead`);
    expect(readings).toContain(`${String(READING_MAX_AGE_MS / 86_400_000)} days old`);
    expect(readings).toContain(`1 to ${String(READING_MAX_METRICS)} metrics`);
    expect(readings).toContain(`more than ${String(LIMITS.readingHoursPerSubmission)} UTC hours`);
  });

  it('quotes the refusal of a metric the model lacks as the service words it', () => {
    const now = new Date('2026-12-07T09:20:00Z');
    const reading = { id: 'r-1', ts: '2026-12-07T09:14:00Z', values: { co2: 600 } };
    let refusal: unknown;
    try {
      validateReadings([reading], 'thermo-1', now);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(DomainError);
    const { fieldErrors } = (refusal as DomainError).details as {
      fieldErrors: Record<string, string[]>;
    };
    const [problem = ''] = fieldErrors['readings.0'] ?? [];
    expect(problem).toContain(Object.keys(metricsOf('thermo-1')).join(', '));
    expect(section('# Readings')).toContain(`\`${problem}\``);
  });

  it('tables every model’s metrics with their units and ranges', () => {
    const rows = [
      ...section('## Each model’s metrics').matchAll(
        /^\| `([\w-]+)` \| `(\w+)` \| (.+?) \| (-?[\d.]+) \| (-?[\d.]+) \|$/gm,
      ),
    ].map(([, model, metric, unit, min, max]) => [model, metric, unit, Number(min), Number(max)]);
    const expected = (Object.keys(DEVICE_MODELS) as DeviceModelId[]).flatMap((model) =>
      Object.entries(metricsOf(model)).map(([metric, spec]) => [
        model,
        metric,
        spec.unit,
        spec.min,
        spec.max,
      ]),
    );
    expect(rows).toEqual(expected);
  });
});

/**
 * Codes the reading of the sources finds that the callable cannot answer, each with why: the
 * walker follows every branch of a function, these are branches the callable never takes. Each is
 * checked to be still found, so the list cannot outlive its reason.
 */
const NEVER_ANSWERED: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  submitReadings: {
    'permission-denied':
      'besides the role check (documented), only a refused device key, which is ingest’s path',
  },
  deleteAccount: {
    'permission-denied':
      'releaseDevice checks the owner only when the owner asks, not in the cascade',
  },
};

describe('docs/API.md: every error each callable answers', () => {
  const contracts = collectContracts();
  let thrown: Map<string, ThrownCodes>;
  beforeAll(() => {
    thrown = callableThrownCodes(['requireRole']);
  }, 60_000);

  /** The rows of the callable's table that are neither the wrapper's nor the role check's. */
  function ownRows(contract: CallableContract): string[] {
    const listed = errorCodes(section(`## ${contract.name}`));
    const generic = [...COMMON_ERRORS, ...CALLER_ERRORS[contract.caller]].map(([code]) => code);
    for (const code of generic) listed.splice(listed.indexOf(code), 1);
    return listed;
  }

  it('reads every callable in functions/src/callables', () => {
    expect([...thrown.keys()].sort()).toEqual(contracts.map((c) => c.name).sort());
  });

  it.each(collectContracts().map((c) => [c.name, c] as const))(
    '%s: its table lists each code its code throws, and no other',
    (name, contract) => {
      const found = thrown.get(name);
      if (found === undefined) throw new Error(`${name} was not read`);
      const own = new Set(ownRows(contract));
      const byRole = new Set(CALLER_ERRORS[contract.caller].map(([code]) => code));
      const exempt = NEVER_ANSWERED[name] ?? {};
      // A role check that admits every role refuses non-members (not-found) and nobody else.
      const everyRoleAllowed = (found.calls.get('requireRole') ?? []).every((args) =>
        RoleSchema.options.every((role) => (args[2] ?? '').includes(`'${role}'`)),
      );

      for (const [code, sites] of found.codes) {
        if (Object.hasOwn(exempt, code)) continue;
        const where = sites.map((site) => `${site.at} (${site.in})`).join(', ');
        // A reason of the callable's own needs a row of its own, saying when.
        if (sites.some((site) => site.in !== 'requireRole')) {
          expect(own, `${name} throws ${code} at ${where}`).toContain(code);
        }
        const byRoleCheck = sites.some((site) => site.in === 'requireRole');
        if (byRoleCheck && !(code === 'permission-denied' && everyRoleAllowed)) {
          expect([...own, ...byRole], `${name} throws ${code} at ${where}`).toContain(code);
        }
      }
      for (const code of own) {
        expect(
          [...found.codes.keys()],
          `${name}'s table lists ${code}: nothing throws it`,
        ).toContain(code);
      }
      for (const code of byRole) {
        const sites = found.codes.get(code) ?? [];
        expect(
          sites.map((site) => site.in),
          `${name}'s role check throws ${code}`,
        ).toContain('requireRole');
      }
      for (const code of Object.keys(exempt)) {
        expect([...found.codes.keys()], `${name}: drop the exemption of ${code}`).toContain(code);
        expect([...own], `${name}: drop the exemption of ${code}`).not.toContain(code);
      }
      // Every device callable, and only those, checks the caller's role first.
      expect(byRole.size > 0).toBe(CALLER_ROLES[contract.caller].length > 0);
    },
  );
});
