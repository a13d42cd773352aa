import { status } from '@grpc/grpc-js';

/** An error that maps to one gRPC status; handlers answer with `code` and `message`. */
export class RpcError extends Error {
  readonly code: status;
  constructor(code: status, message: string) {
    super(message);
    this.code = code;
  }
}

export const invalid = (message: string): RpcError =>
  new RpcError(status.INVALID_ARGUMENT, message);
export const notFound = (message: string): RpcError => new RpcError(status.NOT_FOUND, message);
export const aborted = (message: string): RpcError => new RpcError(status.ABORTED, message);
export const failedPrecondition = (message: string): RpcError =>
  new RpcError(status.FAILED_PRECONDITION, message);
export const alreadyExists = (message: string): RpcError =>
  new RpcError(status.ALREADY_EXISTS, message);
