// Event delivery to the functions, with the log the console and tests read.
import { EventDispatcher } from '../host/dispatcher.ts';
import type { Delivery, RetryPolicy } from '../host/dispatcher.ts';
import type { LiveEvents } from '../control/live-events.ts';

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
 * A dispatcher that hands each delivery to `invoke`, logs every outcome in `deliveries` and on the
 * live feed, and (unless silent) prints what it gave up on.
 */
export function startDelivery(
  invoke: (delivery: Delivery) => Promise<void>,
  options: {
    readonly retry: Partial<RetryPolicy> | undefined;
    readonly logs: 'inherit' | 'silent' | undefined;
  },
  live: LiveEvents,
): { dispatcher: EventDispatcher; deliveries: DeliveryRecord[] } {
  const deliveries: DeliveryRecord[] = [];
  const dispatcher = new EventDispatcher(
    invoke,
    { ...DEFAULT_RETRY, ...options.retry },
    {
      delivered: (delivery, attempt) => {
        deliveries.push(record(delivery, attempt, 'delivered'));
        live.publish('delivery', deliveries.at(-1));
      },
      failed: (delivery, attempt, error, willRetry) => {
        deliveries.push(
          record(delivery, attempt, willRetry ? 'failed-will-retry' : 'gave-up', error),
        );
        live.publish('delivery', deliveries.at(-1));
        if (!willRetry && options.logs !== 'silent') {
          console.error(
            `[local-cloud] gave up on ${delivery.event.type} for ${delivery.functionName} after ${attempt} attempt(s): ${error.message.split('\n')[0] ?? ''}`,
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
