import {
  commandParamsSchemaOf,
  commandsOf,
  firmwareSupports,
  settingsOf,
  valueSchemaOf,
} from '@gadget/shared';
import type { CommandValues, DeviceModelId, SettingValue, SettingValues } from '@gadget/shared';

/**
 * Field errors for settings against a device's model: names the model lacks, values out of range,
 * and settings newer than the firmware the gadget last reported (unknown firmware passes: the
 * gadget refuses what it cannot apply, and the summary shows it). Keys are `{prefix}.{name}`.
 */
export function settingProblems(
  model: DeviceModelId,
  values: SettingValues,
  firmware: string | null,
  prefix: string,
): Record<string, string[]> {
  const specs = settingsOf(model);
  const problems: Record<string, string[]> = {};
  for (const [key, value] of Object.entries(values)) {
    const spec = Object.hasOwn(specs, key) ? specs[key] : undefined;
    const field = `${prefix}.${key}`;
    if (spec === undefined) {
      problems[field] = [
        `The ${model} has no ${key} setting; it has ${Object.keys(specs).join(', ')}.`,
      ];
      continue;
    }
    const parsed = valueSchemaOf(spec).safeParse(value);
    if (!parsed.success) {
      problems[field] = parsed.error.issues.map((issue) => issue.message);
    } else if (firmware !== null && !firmwareSupports(firmware, spec.minFirmware)) {
      problems[field] = [
        `${key} needs firmware ${spec.minFirmware} or newer; this gadget runs ${firmware}.`,
      ];
    }
  }
  return problems;
}

/** Field errors for a command and its parameters against a device's model and firmware. */
export function commandProblems(
  model: DeviceModelId,
  command: string,
  params: CommandValues,
  firmware: string | null,
): Record<string, string[]> {
  const spec = Object.hasOwn(commandsOf(model), command) ? commandsOf(model)[command] : undefined;
  const schema = commandParamsSchemaOf(model, command);
  if (spec === undefined || schema === undefined) {
    return {
      command: [
        `The ${model} has no ${command} command; it has ${Object.keys(commandsOf(model)).join(', ')}.`,
      ],
    };
  }
  if (firmware !== null && !firmwareSupports(firmware, spec.minFirmware)) {
    return {
      command: [
        `${command} needs firmware ${spec.minFirmware} or newer; this gadget runs ${firmware}.`,
      ],
    };
  }
  const parsed = schema.safeParse(params);
  if (parsed.success) return {};
  const problems: Record<string, string[]> = {};
  for (const issue of parsed.error.issues) {
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [String(issue.path[0] ?? '')];
    for (const key of keys) {
      const field = key === '' ? 'params' : `params.${key}`;
      (problems[field] ??= []).push(
        issue.code === 'unrecognized_keys'
          ? `${command} takes no ${key} parameter.`
          : issue.message,
      );
    }
  }
  return problems;
}

/** Settings `settingProblems` found nothing wrong with: each value is its setting's type. */
export function asCheckedSettings(values: SettingValues): Record<string, SettingValue> {
  return values as Record<string, SettingValue>;
}
