/** The firmware a reference gadget runs unless told otherwise: it knows every setting and command. */
export const DEFAULT_FIRMWARE = '1.2.0';

/*
 * The seam for firmware updates: the gadget reads its version through one field on every call and
 * checks it with shared's `firmwareSupports`, so an update (a later issue) installs, restarts and
 * changes that field; nothing else changes.
 */
