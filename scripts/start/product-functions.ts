// This project's built functions, as `npm start` and the tests hand them to local-cloud.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The bundle `npm run build --workspace functions` writes, and the folder of its .env files. */
export const PRODUCT_FUNCTIONS = {
  bundle: `${ROOT}functions/lib/index.js`,
  functionsDir: `${ROOT}functions`,
} as const;

/** PRODUCT_FUNCTIONS, once the bundle is there: tests load it and cannot build it themselves. */
export function builtProductFunctions(): typeof PRODUCT_FUNCTIONS {
  if (!existsSync(PRODUCT_FUNCTIONS.bundle)) {
    throw new Error('functions/lib/index.js is missing: run `npm run build` first');
  }
  return PRODUCT_FUNCTIONS;
}
