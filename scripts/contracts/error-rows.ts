import type { CallableContract, CallerRule, ErrorCode } from '@gadget/shared';

export type ErrorRow = readonly [ErrorCode, string];

/** Errors every callable can answer with, whatever its contract says: the wrapper's (callable.ts). */
export const COMMON_ERRORS: readonly ErrorRow[] = [
  ['unauthenticated', 'not signed in, or no valid App Check token where App Check is enforced'],
  [
    'invalid-argument',
    'the request does not fit the schema; `details` holds `{formErrors, fieldErrors}`',
  ],
  ['internal', 'anything unexpected; nothing about it is sent, it is logged'],
];

/**
 * Errors of the device role check every device callable makes first (`requireRole` in the
 * functions' devices service), by who may call it: a non-member learns nothing about a device id,
 * a member whose role is not enough is told so.
 */
export const CALLER_ERRORS: Readonly<Record<CallerRule, readonly ErrorRow[]>> = {
  'signed-in': [],
  'device-member': [['not-found', 'no such device, or the caller is not a member of it']],
  'device-owner-or-admin': [
    ['not-found', 'no such device, or the caller is not a member of it'],
    ['permission-denied', 'the caller is a viewer of the device'],
  ],
  'device-owner': [
    ['not-found', 'no such device, or the caller is not a member of it'],
    ['permission-denied', 'the caller is an admin or a viewer of the device, not its owner'],
  ],
};

/** A callable's error table: the wrapper's, the role check's, then its own. */
export function errorRows(contract: CallableContract): ErrorRow[] {
  return [
    ...COMMON_ERRORS,
    ...CALLER_ERRORS[contract.caller],
    ...(Object.entries(contract.errors ?? {}) as [ErrorCode, string][]),
  ];
}
