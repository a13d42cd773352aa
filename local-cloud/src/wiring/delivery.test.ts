// The event delivery log of a dev server left running: the latest outcomes, a bounded number.
import { describe, expect, it } from 'vitest';
import { LiveEvents } from '../control/live-events.ts';
import type { Delivery } from '../host/dispatcher.ts';
import { KEEP_DELIVERIES, startDelivery } from './delivery.ts';

function delivery(index: number): Delivery {
  return {
    functionName: 'onInboxWritten',
    event: {
      specversion: '1.0',
      id: `event-${String(index)}`,
      source: 'test',
      type: 'google.cloud.firestore.document.v1.written',
      time: new Date(0).toISOString(),
      data: null,
    },
    encodeFirestore: false,
    retry: false,
  };
}

describe('the delivery log', () => {
  it('keeps the latest KEEP_DELIVERIES outcomes, dropping the oldest first', async () => {
    const { dispatcher, deliveries } = startDelivery(
      (d) =>
        d.event.id === 'event-0' ? Promise.reject(new Error('first fails')) : Promise.resolve(),
      { retry: undefined, logs: 'silent' },
      new LiveEvents(),
    );
    const sent = KEEP_DELIVERIES + 5;
    for (let i = 0; i < sent; i++) dispatcher.enqueue(delivery(i));
    await dispatcher.idle();

    expect(deliveries).toHaveLength(KEEP_DELIVERIES);
    expect(deliveries.map((d) => d.eventId)).not.toContain('event-0');
    expect(deliveries.at(-1)?.eventId).toBe(`event-${String(sent - 1)}`);
    expect(deliveries.every((d) => d.outcome === 'delivered')).toBe(true);
  });
});
