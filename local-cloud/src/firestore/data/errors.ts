/**
 * The canonical status codes (google.rpc.Code) this Firestore answers with. gRPC statuses, REST
 * error bodies and WebChannel causes all carry these numbers, so the data plane names them without
 * depending on a transport.
 */
export const Code = {
  OK: 0,
  CANCELLED: 1,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
  OUT_OF_RANGE: 11,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  DATA_LOSS: 15,
  UNAUTHENTICATED: 16,
} as const;
export type Code = (typeof Code)[keyof typeof Code];

/** An error that maps to one status; handlers answer with `code` and `message`. */
export class RpcError extends Error {
  readonly code: Code;
  constructor(code: Code, message: string) {
    super(message);
    this.code = code;
  }
}

export const invalid = (message: string): RpcError => new RpcError(Code.INVALID_ARGUMENT, message);
export const notFound = (message: string): RpcError => new RpcError(Code.NOT_FOUND, message);
export const aborted = (message: string): RpcError => new RpcError(Code.ABORTED, message);
export const failedPrecondition = (message: string): RpcError =>
  new RpcError(Code.FAILED_PRECONDITION, message);
export const alreadyExists = (message: string): RpcError =>
  new RpcError(Code.ALREADY_EXISTS, message);
