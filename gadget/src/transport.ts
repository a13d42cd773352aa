import type { Downstream, FirmwareOffer, SubmissionResult } from '@gadget/shared';
import type { GadgetCall } from './protocol.ts';

/**
 * How an exchange ended, whichever way it travelled. Each part stands on its own: over BLE the
 * readings and the report are two calls, and one may get through without the other.
 */
export interface ExchangeOutcome {
  /** The readings sent are stored (now or before): the backend's count. */
  readonly stored?: SubmissionResult;
  /** Readings the backend refused by id: sending them again would be refused again. */
  readonly refusedReadingIds: readonly string[];
  /** Local setting changes the backend refused by name. */
  readonly refusedChanges: readonly string[];
  /** The sync, acks, firmware and update report got through. */
  readonly delivered: boolean;
  /** The backend refused the call itself (a refusal not worth retrying): nothing got through. */
  readonly refused?: boolean;
  /** What the backend sent down to apply, when it answered with something. */
  readonly downstream?: Downstream;
  /** `ingest`'s `nextPollSeconds`. */
  readonly nextPollSeconds?: number;
  /**
   * `ingest`'s `firmware`: the update offered, or null when a delivered answer offered none (which
   * withdraws one under way). Undefined when no answer came, and always over BLE, whose answers
   * carry no offers (the phone fetches them).
   */
  readonly firmwareOffer?: FirmwareOffer | null;
}

/** Nothing got through: the readings stay buffered, the sync and acks go again next time. */
export const NOTHING_DELIVERED: ExchangeOutcome = {
  refusedReadingIds: [],
  refusedChanges: [],
  delivered: false,
};

/** One exchange with the backend, retried inside as the transport sees fit. */
export interface Transport {
  exchange(call: GadgetCall, signal?: AbortSignal): Promise<ExchangeOutcome>;
}
