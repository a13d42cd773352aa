import type { Alert } from '@gadget/shared';
import { openedAlert } from '../services/alerts/evaluate.ts';

/**
 * An alert as `evaluateAlerts` opens it (temperature over 30, a warning at 31), with `fields` on
 * top, for the unit tests of the pure core and the integration fixtures.
 */
export function alertWith(fields: Partial<Alert>): Alert {
  const rule = { id: 'temperature-max', metric: 'temperature', threshold: 30 };
  return { ...openedAlert(rule, 'warning', new Date(0), 31), ...fields };
}
