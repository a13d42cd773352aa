// A rules file edited as editors edit it: atomic saves (a temporary file renamed over the
// original), deletes and re-creates, and a name that cannot be read. Each waits for the reload by
// polling with a deadline; nothing here is timed.
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RulesSyntaxError } from './ast.ts';
import { RMap } from './values.ts';
import { RulesHolder } from './rules-holder.ts';

const RELOAD_DEADLINE = { timeout: 4_000, interval: 20 };

/** Rules that allow reading `/open/{id}` when `condition` holds. */
function rulesAllowing(condition: string): string {
  return `rules_version = '2';\nservice cloud.firestore {\n  match /databases/{d}/documents {\n    match /open/{id} { allow read: if ${condition}; }\n  }\n}\n`;
}

/** Whether the rules in force let anyone read `open/a`. */
function allowsRead(holder: RulesHolder): boolean {
  const rules = holder.forProject('p');
  if (rules === undefined) throw new Error('no rules in force');
  const variables = new Map([
    ['request', new RMap({ auth: null, method: 'get' })],
    ['resource', null],
  ]);
  return rules.decide(
    { method: 'get', path: ['databases', '(default)', 'documents', 'open', 'a'], variables },
    { get: () => null },
  ).allowed;
}

let dir: string;
let file: string;
let holder: RulesHolder;
let reloads: (Error | undefined)[];

/** Saves as vim and JetBrains' "safe write" do: a temporary file renamed over the original. */
function saveAtomically(source: string, step: number): void {
  const temporary = join(dir, `firestore.rules.${String(step)}.tmp`);
  writeFileSync(temporary, source);
  renameSync(temporary, file);
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rules-holder-'));
  file = join(dir, 'firestore.rules');
  writeFileSync(file, rulesAllowing('true'));
  holder = new RulesHolder('cloud.firestore');
  reloads = [];
  holder.loadFile(file, (error) => reloads.push(error));
});

afterEach(() => {
  holder.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a watched rules file', () => {
  it('sees every one of several atomic saves in a row', async () => {
    expect(allowsRead(holder)).toBe(true);
    for (let step = 1; step <= 4; step++) {
      const allowed = step % 2 === 0;
      saveAtomically(rulesAllowing(String(allowed)), step);
      await expect.poll(() => allowsRead(holder), RELOAD_DEADLINE).toBe(allowed);
    }
    expect(reloads.every((error) => error === undefined)).toBe(true);
  });

  it('keeps the rules in force while the file is deleted, and loads it once created again', async () => {
    saveAtomically(rulesAllowing('false'), 1);
    await expect.poll(() => allowsRead(holder), RELOAD_DEADLINE).toBe(false);
    const before = reloads.length;

    rmSync(file);
    await expect.poll(() => reloads.length, RELOAD_DEADLINE).toBeGreaterThan(before);
    expect(reloads.at(-1)).toMatchObject({ code: 'ENOENT' });
    expect(allowsRead(holder)).toBe(false);

    writeFileSync(file, rulesAllowing('true'));
    await expect.poll(() => allowsRead(holder), RELOAD_DEADLINE).toBe(true);
    expect(reloads.at(-1)).toBeUndefined();
  });

  it('reports a name that cannot be read as a file, keeps the rules, and reloads once it can', async () => {
    rmSync(file);
    mkdirSync(file);
    await expect.poll(() => reloads.at(-1), RELOAD_DEADLINE).toMatchObject({ code: 'EISDIR' });
    expect(allowsRead(holder)).toBe(true);

    rmSync(file, { recursive: true });
    saveAtomically(rulesAllowing('false'), 1);
    await expect.poll(() => allowsRead(holder), RELOAD_DEADLINE).toBe(false);
  });

  it('reports rules that do not compile with their line and column, and keeps the rules in force', async () => {
    saveAtomically('service cloud.firestore {', 1);
    await expect.poll(() => reloads.length, RELOAD_DEADLINE).toBeGreaterThan(0);
    expect(reloads.at(-1)).toBeInstanceOf(RulesSyntaxError);
    expect(reloads.at(-1)?.message).toMatch(/^\d+:\d+: /);
    expect(allowsRead(holder)).toBe(true);
  });

  it('ignores the other files of its directory', async () => {
    writeFileSync(join(dir, 'storage.rules'), 'not rules at all');
    writeFileSync(join(dir, '.firestore.rules.swp'), 'an editor swap file');
    // A change to the watched file afterwards is the first reload heard.
    saveAtomically(rulesAllowing('false'), 1);
    await expect.poll(() => allowsRead(holder), RELOAD_DEADLINE).toBe(false);
    expect(reloads).toEqual([undefined]);
  });

  it('stops reloading once closed', async () => {
    holder.close();
    saveAtomically(rulesAllowing('false'), 1);
    // Another holder watching the same file proves the save was seen by the file system.
    const witness = new RulesHolder('cloud.firestore');
    const seen: (Error | undefined)[] = [];
    witness.loadFile(file, (error) => seen.push(error));
    try {
      saveAtomically(rulesAllowing('false && true'), 2);
      await expect.poll(() => seen.length, RELOAD_DEADLINE).toBeGreaterThan(0);
      expect(reloads).toEqual([]);
      expect(allowsRead(holder)).toBe(true);
    } finally {
      witness.close();
    }
  });
});
