/** Sizes and counts the API enforces; the schemas read them from here so docs and checks agree. */
export const LIMITS = {
  displayNameMaxLength: 80,
  deviceNameMaxLength: 60,
  readingsPerSubmission: 500,
  /**
   * Distinct UTC hours one submission's readings may fall in. A gadget reports at least hourly, so
   * its batches touch one or two; six leaves room for a few missed calls while bounding a request
   * at six hour documents (reads, writes and memory). A backlog goes oldest first, six hours a
   * request (`nextReadingsBatch`).
   */
  readingHoursPerSubmission: 6,
  readingIdPattern: /^[A-Za-z0-9_-]{1,64}$/,
  pushTokensPerUser: 20,
  schedulesPerUser: 20,
  scheduleMessageMaxLength: 140,
  uploadMaxBytes: 15 * 1024 * 1024,
  /** The `ingest` body, uncompressed (gadgets send identity-encoded JSON). */
  ingestBodyMaxBytes: 256 * 1024,
  /** Any callable's body `{"data": …}`: 500 readings take about 60 KB. */
  callableBodyMaxBytes: 256 * 1024,
} as const;
