import { z } from 'zod';
import type { CallableContract } from '@gadget/shared';

/**
 * The JSON Schema files native apps generate Swift and Kotlin types from: one per callable, with
 * the request as the app sends it and the response as it receives it.
 */
export function contractJsonSchemas(contracts: readonly CallableContract[]): Map<string, string> {
  const files = new Map<string, string>();
  for (const contract of contracts) {
    const document = {
      $id: `https://gadget.example/schemas/${contract.name}.json`,
      title: contract.name,
      description: contract.summary,
      caller: contract.caller,
      request: z.toJSONSchema(contract.request, { io: 'input', unrepresentable: 'any' }),
      response: z.toJSONSchema(contract.response, { io: 'output', unrepresentable: 'any' }),
    };
    files.set(`${contract.name}.json`, `${JSON.stringify(document, null, 2)}\n`);
  }
  return files;
}
