import { Code, RpcError } from '../data/errors.ts';
import { logger } from '../../log.ts';

const log = logger('firestore');

/** google.rpc.Code → HTTP status, as Google's REST front ends map them (google/rpc/code.proto). */
const HTTP_STATUS: Record<Code, number> = {
  [Code.OK]: 200,
  [Code.CANCELLED]: 499,
  [Code.UNKNOWN]: 500,
  [Code.INVALID_ARGUMENT]: 400,
  [Code.DEADLINE_EXCEEDED]: 504,
  [Code.NOT_FOUND]: 404,
  [Code.ALREADY_EXISTS]: 409,
  [Code.PERMISSION_DENIED]: 403,
  [Code.RESOURCE_EXHAUSTED]: 429,
  [Code.FAILED_PRECONDITION]: 400,
  [Code.ABORTED]: 409,
  [Code.OUT_OF_RANGE]: 400,
  [Code.UNIMPLEMENTED]: 501,
  [Code.INTERNAL]: 500,
  [Code.UNAVAILABLE]: 503,
  [Code.DATA_LOSS]: 500,
  [Code.UNAUTHENTICATED]: 401,
};

const CODE_NAMES = new Map<number, string>(
  Object.entries(Code).map(([name, code]) => [code, name]),
);

export function httpStatusOf(code: Code): number {
  return HTTP_STATUS[code];
}

/** The canonical name ('PERMISSION_DENIED'), which the client SDKs map back to their codes. */
export function statusName(code: Code): string {
  return CODE_NAMES.get(code) ?? 'UNKNOWN';
}

/** Any failure as an RpcError; unexpected ones are logged and become INTERNAL. */
export function asRpcError(e: unknown): RpcError {
  if (e instanceof RpcError) return e;
  log.error('internal error', e);
  return new RpcError(
    Code.INTERNAL,
    `Internal error: ${e instanceof Error ? e.message : String(e)}`,
  );
}

/** The JSON error body Google APIs answer with: `{"error":{"code","message","status"}}`. */
export function errorPayload(error: RpcError): {
  error: { code: number; message: string; status: string };
} {
  return {
    error: {
      code: httpStatusOf(error.code),
      message: error.message,
      status: statusName(error.code),
    },
  };
}
