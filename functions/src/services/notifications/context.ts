import { APP_URL, PUSH_RETRY_BASE_MS } from '../../config.ts';
import { pushTransport } from '../../push/index.ts';
import type { FanOutContext } from './fan-out.ts';
import { DEFAULT_RETRY_POLICY } from './sender.ts';

/** What a fan-out needs from the deployment, read per invocation (params resolve at run time). */
export function fanOutContext(now: Date = new Date()): FanOutContext {
  return {
    transport: pushTransport(),
    policy: { ...DEFAULT_RETRY_POLICY, baseDelayMs: PUSH_RETRY_BASE_MS.value() },
    appUrl: APP_URL.value(),
    now,
  };
}
