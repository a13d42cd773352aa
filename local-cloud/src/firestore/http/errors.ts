import { status } from '@grpc/grpc-js';
import { RpcError } from '../errors.ts';

/** google.rpc.Code → HTTP status, as Google's REST front ends map them (google/rpc/code.proto). */
const HTTP_STATUS: Record<status, number> = {
  [status.OK]: 200,
  [status.CANCELLED]: 499,
  [status.UNKNOWN]: 500,
  [status.INVALID_ARGUMENT]: 400,
  [status.DEADLINE_EXCEEDED]: 504,
  [status.NOT_FOUND]: 404,
  [status.ALREADY_EXISTS]: 409,
  [status.PERMISSION_DENIED]: 403,
  [status.RESOURCE_EXHAUSTED]: 429,
  [status.FAILED_PRECONDITION]: 400,
  [status.ABORTED]: 409,
  [status.OUT_OF_RANGE]: 400,
  [status.UNIMPLEMENTED]: 501,
  [status.INTERNAL]: 500,
  [status.UNAVAILABLE]: 503,
  [status.DATA_LOSS]: 500,
  [status.UNAUTHENTICATED]: 401,
};

export function httpStatusOf(code: status): number {
  return HTTP_STATUS[code];
}

/** The canonical name ('PERMISSION_DENIED'), which the client SDKs map back to their codes. */
export function statusName(code: status): string {
  return status[code];
}

/** Any failure as an RpcError; unexpected ones are logged and become INTERNAL. */
export function asRpcError(e: unknown): RpcError {
  if (e instanceof RpcError) return e;
  console.error('local-cloud firestore: internal error', e);
  return new RpcError(
    status.INTERNAL,
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
