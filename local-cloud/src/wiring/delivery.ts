// Event delivery to the functions, with the log the console and tests read.
import { EventDispatcher } from '../host/dispatcher.ts';
import type { Delivery, RetryPolicy } from '../host/dispatcher.ts';
import type { FunctionLogs } from '../host/function-host.ts';
import type { LiveEvents } from '../control/live-events.ts';
import { logger } from '../log.ts';

export interface DeliveryRecord {
  readonly functionName: string;
  readonly eventId: string;
  readonly type: string;
  readonly attempt: number;
  readonly outcome: 'delivered' | 'failed-will-retry' | 'gave-up';
  readonly error?: string;
}

const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 5, initialBackoffMs: 100, maxBackoffMs: 2_000 };

/**
 * The outcomes kept: the latest 10,000, so a dev server left running all day stays bounded. The
 * console shows the latest 200; tests read a test's own, far fewer.
 */
export const KEEP_DELIVERIES = 10_000;

/**
 * A dispatcher that hands each delivery to `invoke`, logs every outcome in `deliveries` and on the
 * live feed, and (unless silent) prints what it gave up on.
 */
export function startDelivery(
  invoke: (delivery: Delivery) => Promise<void>,
  options: {
    readonly retry: Partial<RetryPolicy> | undefined;
    readonly logs: FunctionLogs | undefined;
  },
  live: LiveEvents,
): { dispatcher: EventDispatcher; deliveries: DeliveryRecord[] } {
  const deliveries: DeliveryRecord[] = [];
  const terminal = logger('functions', { silent: options.logs === 'silent' });
  const log = (entry: DeliveryRecord): void => {
    deliveries.push(entry);
    if (deliveries.length > KEEP_DELIVERIES) deliveries.shift();
    live.publish('delivery', entry);
  };
  const dispatcher = new EventDispatcher(
    invoke,
    { ...DEFAULT_RETRY, ...options.retry },
    {
      delivered: (delivery, attempt) => {
        log(record(delivery, attempt, 'delivered'));
      },
      failed: (delivery, attempt, error, willRetry) => {
        log(record(delivery, attempt, willRetry ? 'failed-will-retry' : 'gave-up', error));
        if (!willRetry) {
          terminal.error(
            `gave up on ${delivery.event.type} for ${delivery.functionName} after ${attempt} attempt(s): ${error.message.split('\n')[0] ?? ''}`,
          );
        }
      },
    },
  );
  return { dispatcher, deliveries };
}

function record(
  delivery: Delivery,
  attempt: number,
  outcome: DeliveryRecord['outcome'],
  error?: Error,
): DeliveryRecord {
  return {
    functionName: delivery.functionName,
    eventId: delivery.event.id,
    type: delivery.event.type,
    attempt,
    outcome,
    ...(error === undefined ? {} : { error: error.message }),
  };
}
