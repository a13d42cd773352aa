import { describe, expect, it } from 'vitest';
import type { ContentKind, NotificationContent } from './localisation.ts';
import { LANGUAGES, wordsFor } from './localisation.ts';

// One of each kind; typed as a record so a new kind without a sample does not compile.
const SAMPLES: { readonly [K in ContentKind]: Extract<NotificationContent, { kind: K }> } = {
  alert: {
    kind: 'alert',
    metric: 'co2',
    value: 1234,
    threshold: 1000,
    direction: 'above',
    critical: true,
  },
  'alert-cleared': { kind: 'alert-cleared', metric: 'humidity', value: 42 },
  battery: { kind: 'battery', value: 9, critical: false },
  offline: { kind: 'offline' },
  online: { kind: 'online' },
  firmware: { kind: 'firmware', version: '2.3.4', outcome: 'rolled-back' },
  'member-joined': { kind: 'member-joined', memberName: 'Zoë' },
  'member-left': { kind: 'member-left', memberName: 'Zoë' },
  reminder: { kind: 'reminder', text: 'Water the plants' },
  'device-released': { kind: 'device-released' },
  'command-failed': { kind: 'command-failed', command: 'reboot', outcome: 'timed-out' },
  test: { kind: 'test' },
};

/** What of the sample must show up in its words: the filled placeholders. */
const SHOWN: Readonly<Record<ContentKind, readonly string[]>> = {
  alert: ['1,234 ppm|1.234 ppm', '1,000 ppm|1.000 ppm', 'Cellar'],
  'alert-cleared': ['42%|42 %', 'Cellar'],
  battery: ['9%|9 %', 'Cellar'],
  offline: ['Cellar'],
  online: ['Cellar'],
  firmware: ['2.3.4', 'Cellar'],
  'member-joined': ['Zoë', 'Cellar'],
  'member-left': ['Zoë', 'Cellar'],
  reminder: ['Water the plants', 'Cellar'],
  'device-released': ['Cellar'],
  'command-failed': ['Restart|Neustart', 'Cellar'],
  test: [],
};

const kinds = Object.keys(SAMPLES) as ContentKind[];

describe('notification words', () => {
  it.each(LANGUAGES.flatMap((language) => kinds.map((kind) => [language, kind] as const)))(
    '%s %s: a title and body with every placeholder filled',
    (language, kind) => {
      const words = wordsFor(SAMPLES[kind], { deviceName: 'Cellar', language, units: 'metric' });
      expect(words.title.trim()).not.toBe('');
      expect(words.body.trim()).not.toBe('');
      const text = `${words.title}\n${words.body}`;
      expect(text).not.toMatch(/undefined|null|NaN|\$\{|\{\w+\}|\[object/);
      for (const shown of SHOWN[kind]) {
        expect(
          shown.split('|').some((option) => text.includes(option)),
          shown,
        ).toBe(true);
      }
    },
  );

  it('says each kind differently in every language, and each kind differently from the others', () => {
    const context = { deviceName: 'Cellar', units: 'metric' } as const;
    for (const kind of kinds) {
      const said = LANGUAGES.map((language) => wordsFor(SAMPLES[kind], { ...context, language }));
      expect(new Set(said.map((words) => words.title)).size, kind).toBe(LANGUAGES.length);
    }
    for (const language of LANGUAGES) {
      const titles = kinds.map((kind) => wordsFor(SAMPLES[kind], { ...context, language }).title);
      expect(new Set(titles).size, language).toBe(kinds.length);
    }
  });

  it('fills in someone when a member has no name, and the critical and direction words', () => {
    for (const language of LANGUAGES) {
      const context = { deviceName: 'Cellar', units: 'metric', language } as const;
      const anonymous = wordsFor({ kind: 'member-left', memberName: null }, context);
      expect(anonymous.body).toMatch(language === 'en' ? /^Someone / : /^Jemand /);
      const warning = wordsFor({ ...SAMPLES.alert, critical: false }, context);
      expect(wordsFor(SAMPLES.alert, context).title).not.toBe(warning.title);
      const low = wordsFor({ ...SAMPLES.alert, direction: 'below', critical: false }, context);
      expect(low.title).not.toBe(warning.title);
      const clearedWithout = wordsFor(
        { kind: 'alert-cleared', metric: 'humidity', value: null },
        context,
      );
      expect(clearedWithout.body).not.toMatch(/42/);
    }
  });

  it('names each command as the app does, and an unknown one by its name', () => {
    const said = (command: string, language: 'en' | 'de') =>
      wordsFor(
        { kind: 'command-failed', command, outcome: 'failed' },
        { deviceName: 'Cellar', units: 'metric', language },
      );
    expect(said('reboot', 'en')).toEqual({
      title: 'Restart failed on Cellar',
      body: 'Cellar tried the “Restart” command, but it failed.',
    });
    expect(said('calibrate', 'de').title).toBe('Kalibrieren bei Cellar fehlgeschlagen');
    expect(said('identify', 'de').body).toContain('„Identifizieren“');
    expect(said('selfTest', 'en').title).toBe('selfTest failed on Cellar');
    expect(said('constructor', 'en').title).toBe('constructor failed on Cellar');
  });
});
