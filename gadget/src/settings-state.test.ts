import { describe, expect, it } from 'vitest';
import { GadgetSyncSchema } from '@gadget/shared';
import { SettingsState } from './settings-state.ts';

const thermo = (firmware = '1.2.0') => new SettingsState('thermo-1', () => firmware);

describe('SettingsState', () => {
  it('starts on the model’s defaults at version 0', () => {
    const settings = thermo();
    expect(settings.values).toEqual({
      reportIntervalSeconds: 900,
      displayUnit: 'C',
      screenBrightness: 70,
    });
    expect(GadgetSyncSchema.parse(settings.sync())).toEqual({
      knownDesiredVersion: 0,
      appliedDesiredVersion: 0,
    });
    expect(settings.reportIntervalSeconds).toBe(900);
  });

  it('applies a newer desired version and ignores one that is not newer', () => {
    const settings = thermo();
    expect(settings.apply({ version: 3, values: { reportIntervalSeconds: 300 } })).toBe(true);
    expect(settings.reportIntervalSeconds).toBe(300);
    // A delayed answer with an older version, then a repeated one: neither changes anything.
    expect(settings.apply({ version: 2, values: { reportIntervalSeconds: 600 } })).toBe(false);
    expect(settings.apply({ version: 3, values: { reportIntervalSeconds: 600 } })).toBe(false);
    expect(settings.reportIntervalSeconds).toBe(300);
    expect(settings.sync()).toEqual({ knownDesiredVersion: 3, appliedDesiredVersion: 3 });
  });

  it('refuses what its firmware or model cannot run, keeps the rest, and sends the list until it got through', () => {
    const settings = thermo('1.1.0');
    settings.apply({
      version: 4,
      values: { displayUnit: 'F', screenBrightness: 20, fanMode: 'low', reportIntervalSeconds: 5 },
    });
    expect(settings.values).toEqual({
      reportIntervalSeconds: 900,
      displayUnit: 'F',
      screenBrightness: 70,
    });
    const sync = GadgetSyncSchema.parse(settings.sync());
    expect(Object.keys(sync.refused ?? {}).sort()).toEqual([
      'fanMode',
      'reportIntervalSeconds',
      'screenBrightness',
    ]);
    expect(sync.refused?.screenBrightness).toBe('Needs firmware 1.2.0; this gadget runs 1.1.0.');
    expect(settings.sync()).toEqual(sync);

    settings.delivered(sync);
    expect(settings.sync().refused).toBeUndefined();
    // Set again to something it can run: the list clears, once.
    settings.apply({ version: 5, values: { displayUnit: 'C' } });
    expect(settings.sync().refused).toEqual({});
    settings.delivered(settings.sync());
    expect(settings.sync()).toEqual({ knownDesiredVersion: 5, appliedDesiredVersion: 5 });
  });

  it('sends a local change until a call carrying it succeeds, and refuses a bad one', () => {
    const settings = thermo();
    settings.changeLocally('screenBrightness', 85);
    expect(settings.values.screenBrightness).toBe(85);
    const first = settings.sync();
    expect(first.changed).toEqual({ screenBrightness: 85 });
    // The call failed: the next one carries it again.
    expect(settings.sync()).toEqual(first);
    // Changed again while a call was out: that call's success does not clear the newer value.
    settings.changeLocally('screenBrightness', 90);
    settings.delivered(first);
    expect(settings.sync().changed).toEqual({ screenBrightness: 90 });
    settings.delivered(settings.sync());
    expect(settings.sync().changed).toBeUndefined();

    expect(() => {
      settings.changeLocally('screenBrightness', 101);
    }).toThrow(RangeError);
    expect(() => {
      settings.changeLocally('fanMode', 'low');
    }).toThrow(RangeError);
    expect(() => {
      thermo('1.1.0').changeLocally('screenBrightness', 50);
    }).toThrow(/firmware 1\.2\.0/);
  });

  it('lets a newer desired value win over a change made while the call was out', () => {
    const settings = thermo();
    settings.changeLocally('screenBrightness', 85);
    settings.apply({ version: 1, values: { screenBrightness: 30 } });
    expect(settings.values.screenBrightness).toBe(30);
    expect(settings.sync().changed).toBeUndefined();
  });
});
