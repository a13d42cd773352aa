// Errors travel as the JSON API's error shape: {error: {code, message, errors: [{reason, message}]}}.
export class StorageApiError extends Error {
  readonly status: number;
  readonly reason: string;
  constructor(status: number, reason: string, message: string) {
    super(message);
    this.name = 'StorageApiError';
    this.status = status;
    this.reason = reason;
  }

  toJSON(): object {
    return {
      error: {
        code: this.status,
        message: this.message,
        errors: [{ domain: 'global', reason: this.reason, message: this.message }],
      },
    };
  }
}

export const objectNotFound = (bucket: string, name: string): StorageApiError =>
  new StorageApiError(404, 'notFound', `No such object: ${bucket}/${name}`);

export const bucketNotFound = (bucket: string): StorageApiError =>
  new StorageApiError(404, 'notFound', `The specified bucket ${bucket} does not exist.`);

export const conditionNotMet = (detail: string): StorageApiError =>
  new StorageApiError(
    412,
    'conditionNotMet',
    `At least one of the pre-conditions you specified did not hold. (${detail})`,
  );

export const invalid = (message: string): StorageApiError =>
  new StorageApiError(400, 'invalid', message);

/** A method and path this server does not emulate. */
export const notSupported = (req: {
  method?: string | undefined;
  url?: string | undefined;
}): StorageApiError =>
  new StorageApiError(
    501,
    'notImplemented',
    `${req.method ?? ''} ${req.url ?? ''} is not supported.`,
  );
