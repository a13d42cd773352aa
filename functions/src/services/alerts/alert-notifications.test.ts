import { describe, expect, it } from 'vitest';
import { alertWith as alert } from '../../test-fixtures/alert.ts';
import { alertPhaseOf } from './alert-notifications.ts';

describe('alertPhaseOf', () => {
  it('tells opening, reopening, escalation and clearing; nothing else', () => {
    expect(alertPhaseOf(undefined, alert({}))).toBe('open');
    expect(alertPhaseOf(alert({ state: 'cleared' }), alert({ reopenCount: 1 }))).toBe('open');
    expect(alertPhaseOf(alert({}), alert({ severity: 'critical' }))).toBe('critical');
    expect(alertPhaseOf(alert({}), alert({ state: 'cleared' }))).toBe('cleared');
    expect(alertPhaseOf(alert({ state: 'acknowledged' }), alert({ state: 'cleared' }))).toBe(
      'cleared',
    );
    expect(alertPhaseOf(alert({}), alert({ state: 'acknowledged' }))).toBeNull();
    expect(alertPhaseOf(alert({}), alert({}))).toBeNull();
    expect(alertPhaseOf(alert({ state: 'cleared' }), alert({ state: 'cleared' }))).toBeNull();
    expect(alertPhaseOf(alert({}), undefined)).toBeNull();
  });
});
