/**
 * A release or rollout the backend's data does not allow (a version not newer than the last, a
 * second active rollout, a wrong transition): said in one line, and nothing was written. The
 * scripts print it and exit 1; a UsageError (exit 2) is for a command line that cannot be run at all.
 */
export class FirmwareRefusal extends Error {
  override name = 'FirmwareRefusal';
}
