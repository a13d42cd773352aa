// LocalCloud.reset(): everything back to empty between tests, the functions left running.
import type { FunctionActivity } from '../control/function-activity.ts';
import type { LiveEvents } from '../control/live-events.ts';
import type { Outbox } from '../messaging/index.ts';
import type { EventDispatcher } from '../host/dispatcher.ts';
import type { Backends } from './backends.ts';
import type { DeliveryRecord } from './delivery.ts';

/** Drops pending deliveries first, so none lands in the emptied backends. */
export async function resetCloud(parts: {
  readonly dispatcher: EventDispatcher;
  readonly backends: Backends;
  readonly outbox: Outbox;
  readonly deliveries: DeliveryRecord[];
  readonly activity: FunctionActivity;
  readonly live: LiveEvents;
}): Promise<void> {
  const { dispatcher, backends, outbox, deliveries, activity, live } = parts;
  dispatcher.clear();
  dispatcher.resetSwitches();
  await dispatcher.idle();
  backends.firestoreServer.reset();
  backends.firestoreServer.clearFaults();
  backends.authServer.reset();
  await backends.storageServer.reset();
  backends.schedulerServer.reset();
  outbox.clear();
  deliveries.length = 0;
  activity.clear();
  live.publish('reset', {});
}
