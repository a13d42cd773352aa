import { httpsCallable } from 'firebase/functions';
import type { Functions, HttpsCallableOptions } from 'firebase/functions';
import * as z from 'zod';
import { CALLABLES } from './callables.ts';
import type { CallableContract } from './contract.ts';

/**
 * A typed client for the app: one method per callable, named as deployed. The request is checked
 * against the contract before anything is sent (a bad request never costs a round trip), and the
 * response is parsed, so the app works with exactly the types the backend promises.
 * Import it from `@gadget/shared/client`; it needs the `firebase` JS SDK (web or React Native).
 */
export type GadgetClient = {
  readonly [K in keyof typeof CALLABLES]: (
    data: z.input<(typeof CALLABLES)[K]['request']>,
  ) => Promise<z.output<(typeof CALLABLES)[K]['response']>>;
};

/** The request failed the contract on the device; nothing was sent. */
export class GadgetRequestError extends Error {
  readonly callable: string;
  readonly fieldErrors: Record<string, string[]>;

  constructor(callable: string, error: z.ZodError) {
    super(`${callable}: the request is not valid: ${z.prettifyError(error)}`);
    this.name = 'GadgetRequestError';
    this.callable = callable;
    this.fieldErrors = z.flattenError(error).fieldErrors;
  }
}

export function createGadgetClient(
  functions: Functions,
  options?: HttpsCallableOptions,
): GadgetClient {
  const methods: Record<string, (data: unknown) => Promise<unknown>> = {};
  for (const [name, contract] of Object.entries(CALLABLES) as [string, CallableContract][]) {
    const callable = httpsCallable(functions, contract.name, options);
    methods[name] = async (data: unknown) => {
      const checked = contract.request.safeParse(data ?? {});
      if (!checked.success) throw new GadgetRequestError(contract.name, checked.error);
      // The data as the app gave it: the backend parses (and normalises) it again itself.
      const { data: result } = await callable(data ?? {});
      return contract.response.parse(result);
    };
  }
  return methods as GadgetClient;
}
