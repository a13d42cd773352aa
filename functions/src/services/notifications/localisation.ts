import type { Units } from '@gadget/shared';

/** What a notification says, before it is put into words in the recipient's language. */
export type NotificationContent =
  | {
      readonly kind: 'alert';
      readonly metric: string;
      readonly value: number;
      readonly threshold: number;
      readonly direction: 'above' | 'below';
      readonly critical: boolean;
    }
  | { readonly kind: 'alert-cleared'; readonly metric: string; readonly value: number | null }
  | { readonly kind: 'battery'; readonly value: number; readonly critical: boolean }
  | { readonly kind: 'offline' }
  | { readonly kind: 'online' }
  | { readonly kind: 'firmware'; readonly version: string; readonly outcome: UpdateOutcome }
  | { readonly kind: 'member-joined'; readonly memberName: string | null }
  | { readonly kind: 'member-left'; readonly memberName: string | null }
  | { readonly kind: 'reminder'; readonly text: string }
  | { readonly kind: 'device-released' }
  | { readonly kind: 'command-failed'; readonly command: string; readonly outcome: CommandFailure }
  | { readonly kind: 'test' };

/**
 * The firmware news owners and admins hear of: an update waiting for their approval, one that
 * failed or rolled back, and (inbox only) one installed.
 */
export type UpdateOutcome = 'waiting' | 'failed' | 'rolled-back' | 'installed';

/** How a command ended that its sender is told about (`UNSUCCESSFUL_COMMAND_STATUSES`). */
export type CommandFailure = 'failed' | 'rejected' | 'timed-out' | 'expired';

export type ContentKind = NotificationContent['kind'];

export interface Words {
  readonly title: string;
  readonly body: string;
}

export const LANGUAGES = ['en', 'de'] as const;
export type Language = (typeof LANGUAGES)[number];

/** The first supported language among the candidates (BCP 47 tags, best first); else English. */
export function pickLanguage(...candidates: readonly (string | null | undefined)[]): Language {
  for (const candidate of candidates) {
    if (candidate === null || candidate === undefined) continue;
    const primary = candidate.split('-')[0]?.toLowerCase();
    const match = LANGUAGES.find((language) => language === primary);
    if (match !== undefined) return match;
  }
  return 'en';
}

const METRIC_NAMES: Readonly<Record<Language, Readonly<Record<string, string>>>> = {
  en: {
    temperature: 'Temperature',
    humidity: 'Humidity',
    battery: 'Battery',
    co2: 'CO₂',
    pm25: 'PM2.5',
  },
  de: {
    temperature: 'Temperatur',
    humidity: 'Luftfeuchtigkeit',
    battery: 'Akku',
    co2: 'CO₂',
    pm25: 'Feinstaub (PM2.5)',
  },
};

/** What the app's buttons call each command; a command not listed is shown by its name. */
const COMMAND_WORDS: Readonly<Record<Language, Readonly<Record<string, string>>>> = {
  en: { identify: 'Identify', reboot: 'Restart', calibrate: 'Calibrate' },
  de: { identify: 'Identifizieren', reboot: 'Neustart', calibrate: 'Kalibrieren' },
};

/** Own keys only: the command name comes from a document, and `constructor` is no command. */
function commandWord(command: string, language: Language): string {
  const words = COMMAND_WORDS[language];
  return Object.hasOwn(words, command) ? (words[command] ?? command) : command;
}

const UNITS: Readonly<Record<string, string>> = {
  temperature: '°C',
  humidity: '%',
  battery: '%',
  co2: 'ppm',
  pm25: 'µg/m³',
};

/** A reading in the recipient's units and number format: 21.5 °C, 70.7 °F, 21,5 °C. */
export function formatValue(
  metric: string,
  value: number,
  language: Language,
  units: Units,
): string {
  const imperial = units === 'imperial' && metric === 'temperature';
  const shown = imperial ? (value * 9) / 5 + 32 : value;
  const unit = imperial ? '°F' : (UNITS[metric] ?? '');
  const number = new Intl.NumberFormat(language, { maximumFractionDigits: 1 }).format(shown);
  if (unit === '') return number;
  return unit === '%' && language === 'en' ? `${number}%` : `${number} ${unit}`;
}

export interface WordingContext {
  readonly deviceName: string;
  readonly language: Language;
  readonly units: Units;
}

type Catalog = (content: NotificationContent, context: WordingContext) => Words;

const english: Catalog = (content, { deviceName, units }) => {
  const metric = (name: string) => METRIC_NAMES.en[name] ?? name;
  const value = (name: string, v: number) => formatValue(name, v, 'en', units);
  switch (content.kind) {
    case 'alert':
      return {
        title: `${content.critical ? 'Critical: ' : ''}${metric(content.metric)} ${content.direction === 'above' ? 'too high' : 'too low'} on ${deviceName}`,
        body: `${metric(content.metric)} is ${value(content.metric, content.value)} (limit ${value(content.metric, content.threshold)}).`,
      };
    case 'alert-cleared':
      return {
        title: `${deviceName}: back to normal`,
        body:
          content.value === null
            ? `${metric(content.metric)} is back within its limits.`
            : `${metric(content.metric)} is back within its limits at ${value(content.metric, content.value)}.`,
      };
    case 'battery':
      return {
        title: `Battery low on ${deviceName}`,
        body: `Battery at ${value('battery', content.value)}. Replace or charge it soon.`,
      };
    case 'offline':
      return { title: `${deviceName} is offline`, body: `${deviceName} has stopped reporting.` };
    case 'online':
      return { title: `${deviceName} is back online`, body: `${deviceName} is reporting again.` };
    case 'firmware':
      return englishUpdate(content.version, content.outcome, deviceName);
    case 'member-joined':
      return {
        title: `New member on ${deviceName}`,
        body: `${content.memberName ?? 'Someone'} now shares ${deviceName}.`,
      };
    case 'member-left':
      return {
        title: `A member left ${deviceName}`,
        body: `${content.memberName ?? 'Someone'} no longer shares ${deviceName}.`,
      };
    case 'reminder':
      return { title: `Reminder: ${deviceName}`, body: content.text };
    case 'device-released':
      return {
        title: `${deviceName} was removed`,
        body: `The owner unpaired ${deviceName}; it is no longer shared with you.`,
      };
    case 'command-failed':
      return englishCommandFailure(commandWord(content.command, 'en'), content.outcome, deviceName);
    case 'test':
      return { title: 'Test notification', body: 'Push notifications work on this device.' };
  }
};

const german: Catalog = (content, { deviceName, units }) => {
  const metric = (name: string) => METRIC_NAMES.de[name] ?? name;
  const value = (name: string, v: number) => formatValue(name, v, 'de', units);
  switch (content.kind) {
    case 'alert':
      return {
        title: `${content.critical ? 'Kritisch: ' : ''}${metric(content.metric)} zu ${content.direction === 'above' ? 'hoch' : 'niedrig'} bei ${deviceName}`,
        body: `${metric(content.metric)} beträgt ${value(content.metric, content.value)} (Grenzwert ${value(content.metric, content.threshold)}).`,
      };
    case 'alert-cleared':
      return {
        title: `${deviceName}: wieder normal`,
        body:
          content.value === null
            ? `${metric(content.metric)} liegt wieder im Normalbereich.`
            : `${metric(content.metric)} liegt mit ${value(content.metric, content.value)} wieder im Normalbereich.`,
      };
    case 'battery':
      return {
        title: `Akku schwach bei ${deviceName}`,
        body: `Akkustand ${value('battery', content.value)}. Bitte bald laden oder tauschen.`,
      };
    case 'offline':
      return { title: `${deviceName} ist offline`, body: `${deviceName} sendet keine Daten mehr.` };
    case 'online':
      return {
        title: `${deviceName} ist wieder online`,
        body: `${deviceName} sendet wieder Daten.`,
      };
    case 'firmware':
      return germanUpdate(content.version, content.outcome, deviceName);
    case 'member-joined':
      return {
        title: `Neues Mitglied bei ${deviceName}`,
        body: `${content.memberName ?? 'Jemand'} teilt jetzt ${deviceName}.`,
      };
    case 'member-left':
      return {
        title: `Ein Mitglied hat ${deviceName} verlassen`,
        body: `${content.memberName ?? 'Jemand'} teilt ${deviceName} nicht mehr.`,
      };
    case 'reminder':
      return { title: `Erinnerung: ${deviceName}`, body: content.text };
    case 'device-released':
      return {
        title: `${deviceName} wurde entfernt`,
        body: `Der Besitzer hat ${deviceName} entkoppelt; es wird nicht mehr mit dir geteilt.`,
      };
    case 'command-failed':
      return germanCommandFailure(commandWord(content.command, 'de'), content.outcome, deviceName);
    case 'test':
      return {
        title: 'Testbenachrichtigung',
        body: 'Push-Benachrichtigungen funktionieren auf diesem Gerät.',
      };
  }
};

/** A command that did not do what its sender asked: what it was, and how it ended. */
function englishCommandFailure(
  command: string,
  outcome: CommandFailure,
  deviceName: string,
): Words {
  switch (outcome) {
    case 'failed':
      return {
        title: `${command} failed on ${deviceName}`,
        body: `${deviceName} tried the “${command}” command, but it failed.`,
      };
    case 'rejected':
      return {
        title: `${command} rejected by ${deviceName}`,
        body: `${deviceName} refused the “${command}” command.`,
      };
    case 'timed-out':
      return {
        title: `${command} timed out on ${deviceName}`,
        body: `${deviceName} did not confirm the “${command}” command in time.`,
      };
    case 'expired':
      return {
        title: `${command} expired before reaching ${deviceName}`,
        body: `${deviceName} could not be reached before the “${command}” command expired.`,
      };
  }
}

function germanCommandFailure(command: string, outcome: CommandFailure, deviceName: string): Words {
  switch (outcome) {
    case 'failed':
      return {
        title: `${command} bei ${deviceName} fehlgeschlagen`,
        body: `${deviceName} hat den Befehl „${command}“ versucht, aber er ist fehlgeschlagen.`,
      };
    case 'rejected':
      return {
        title: `${command} von ${deviceName} abgelehnt`,
        body: `${deviceName} hat den Befehl „${command}“ abgelehnt.`,
      };
    case 'timed-out':
      return {
        title: `${command} bei ${deviceName}: keine Bestätigung`,
        body: `${deviceName} hat den Befehl „${command}“ nicht rechtzeitig bestätigt.`,
      };
    case 'expired':
      return {
        title: `${command} für ${deviceName} abgelaufen`,
        body: `${deviceName} war nicht erreichbar, bevor der Befehl „${command}“ abgelaufen ist.`,
      };
  }
}

const CATALOGS: Readonly<Record<Language, Catalog>> = { en: english, de: german };

/** The notification's title and body in the recipient's language and units. */
export function wordsFor(content: NotificationContent, context: WordingContext): Words {
  return CATALOGS[context.language](content, context);
}

function englishUpdate(version: string, outcome: UpdateOutcome, deviceName: string): Words {
  switch (outcome) {
    case 'waiting':
      return {
        title: `Update ready for ${deviceName}`,
        body: `Firmware ${version} is waiting for your approval.`,
      };
    case 'failed':
      return {
        title: `Update failed on ${deviceName}`,
        body: `Firmware ${version} could not be installed. ${deviceName} keeps its current firmware.`,
      };
    case 'rolled-back':
      return {
        title: `Update undone on ${deviceName}`,
        body: `Firmware ${version} did not start properly, so ${deviceName} went back to its previous firmware.`,
      };
    case 'installed':
      return { title: `${deviceName} is up to date`, body: `Firmware ${version} is installed.` };
  }
}

function germanUpdate(version: string, outcome: UpdateOutcome, deviceName: string): Words {
  switch (outcome) {
    case 'waiting':
      return {
        title: `Update für ${deviceName} bereit`,
        body: `Firmware ${version} wartet auf deine Zustimmung.`,
      };
    case 'failed':
      return {
        title: `Update auf ${deviceName} fehlgeschlagen`,
        body: `Firmware ${version} konnte nicht installiert werden. ${deviceName} behält die bisherige Firmware.`,
      };
    case 'rolled-back':
      return {
        title: `Update auf ${deviceName} zurückgenommen`,
        body: `Firmware ${version} startete nicht richtig, daher kehrte ${deviceName} zur vorherigen Firmware zurück.`,
      };
    case 'installed':
      return {
        title: `${deviceName} ist aktuell`,
        body: `Firmware ${version} ist installiert.`,
      };
  }
}
