import { randomInt } from 'node:crypto';
import type { BulkWriter, Firestore } from 'firebase-admin/firestore';
import { COLLECTIONS, SerialSchema } from '@gadget/shared';
import type { DeviceModelId, RegistryEntry } from '@gadget/shared';
import { generateClaimCode } from '../../functions/src/for-scripts/seeding.ts';
import { newRegistryEntry } from '../seed/registry-entry.ts';
import { generateGadgetKeyPair } from './gadget-keys.ts';

/**
 * What goes on a device's label (serial, claim code) and into its flash (the key pair). The claim
 * code and the private key exist nowhere else: the registry keeps the code's HMAC and the public key.
 */
export interface ProvisionedDevice {
  readonly serial: string;
  readonly model: DeviceModelId;
  readonly claimCode: string;
  /** The raw 32-byte Ed25519 seed, base64: what the gadget signs its reports with. */
  readonly privateKey: string;
  /** The raw 32-byte Ed25519 public key, base64, as the registry entry holds it. */
  readonly publicKey: string;
}

export interface ProvisionOptions {
  readonly model: DeviceModelId;
  readonly count: number;
  readonly prefix: string;
  readonly claimCodeSecret: string;
  /**
   * Receives each batch as soon as its registry entries exist, so that a run that fails part-way
   * has already handed over the codes of every entry it created.
   */
  readonly onProvisioned: (devices: readonly ProvisionedDevice[]) => void;
  readonly now?: Date;
  /** Serial generator; random by default. */
  readonly newSerial?: (prefix: string) => string;
}

export interface ProvisionReport {
  readonly provisioned: number;
  /** Serials that were already taken and replaced by fresh ones. */
  readonly collisions: number;
}

export const MAX_DEVICES_PER_RUN = 10_000;
export const SERIAL_PREFIX_PATTERN = /^[A-Z0-9]{1,16}$/;
const BATCH_SIZE = 500;
const ALREADY_EXISTS = 6;
/** Crockford's base 32, as claim codes use: no I, L, O or U to misread on a label. */
const SERIAL_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const SERIAL_RANDOM_LENGTH = 8;

/** `GDG-7K2M9QXD`: 40 random bits, so serials reveal neither sequence nor production volume. */
export function randomSerial(prefix: string): string {
  let suffix = '';
  for (let i = 0; i < SERIAL_RANDOM_LENGTH; i++) {
    suffix += SERIAL_ALPHABET.charAt(randomInt(SERIAL_ALPHABET.length));
  }
  return `${prefix}-${suffix}`;
}

/**
 * Creates `count` new `deviceRegistry/{serial}` entries with fresh claim codes and key pairs, each
 * entry holding only its code's HMAC and its public key. Entries are created, never set: a serial
 * that is already taken is left untouched and replaced by a new one.
 */
export async function provisionDevices(
  firestore: Firestore,
  options: ProvisionOptions,
): Promise<ProvisionReport> {
  if (
    !Number.isInteger(options.count) ||
    options.count < 1 ||
    options.count > MAX_DEVICES_PER_RUN
  ) {
    throw new RangeError(`count must be an integer from 1 to ${MAX_DEVICES_PER_RUN}`);
  }
  if (!SERIAL_PREFIX_PATTERN.test(options.prefix)) {
    throw new RangeError('prefix must be 1 to 16 characters A-Z or 0-9');
  }
  const newSerial = options.newSerial ?? randomSerial;
  const provisionedAt = options.now ?? new Date();
  const registry = firestore.collection(COLLECTIONS.deviceRegistry);
  const tried = new Set<string>();
  const maxCollisions = Math.max(100, options.count);
  let provisioned = 0;
  let collisions = 0;

  const createEntry = async (
    writer: BulkWriter,
    device: ProvisionedDevice,
  ): Promise<{ device: ProvisionedDevice; error?: unknown }> => {
    const entry: RegistryEntry = {
      ...newRegistryEntry({
        model: device.model,
        claimCode: device.claimCode,
        claimCodeSecret: options.claimCodeSecret,
        provisionedAt,
      }),
      publicKey: device.publicKey,
    };
    const ref = registry.doc(device.serial);
    try {
      await writer.create(ref, entry);
      return { device };
    } catch (error) {
      // A create retried after a lost answer finds the entry its first attempt made: it counts.
      const existing =
        errorCode(error) === ALREADY_EXISTS ? await ref.get().catch(() => null) : null;
      return existing?.get('claimSecretHash') === entry.claimSecretHash
        ? { device }
        : { device, error };
    }
  };

  const freshSerial = (): string => {
    for (;;) {
      const serial = newSerial(options.prefix);
      if (!SerialSchema.safeParse(serial).success) {
        throw new Error(`${serial} is not a valid serial`);
      }
      if (!tried.has(serial)) {
        tried.add(serial);
        return serial;
      }
      if (++collisions > maxCollisions) throw new Error('Too many serial collisions');
    }
  };

  while (provisioned < options.count) {
    const devices = Array.from(
      { length: Math.min(BATCH_SIZE, options.count - provisioned) },
      (): ProvisionedDevice => ({
        serial: freshSerial(),
        model: options.model,
        claimCode: generateClaimCode(),
        ...generateGadgetKeyPair(),
      }),
    );
    const writer = firestore.bulkWriter();
    const outcomes = devices.map((device) => createEntry(writer, device));
    // Every create is queued by now; close() sends the last partial batch the outcomes wait on.
    const [settled] = await Promise.all([Promise.all(outcomes), writer.close()]);

    const created: ProvisionedDevice[] = [];
    let failure: Error | undefined;
    for (const { device, error } of settled) {
      if (error === undefined) created.push(device);
      else if (errorCode(error) !== ALREADY_EXISTS) failure ??= asError(error);
      else if (++collisions > maxCollisions) failure ??= new Error('Too many serial collisions');
    }
    provisioned += created.length;
    if (created.length > 0) options.onProvisioned(created);
    if (failure !== undefined) throw failure;
  }
  return { provisioned, collisions };
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

function errorCode(error: unknown): unknown {
  return typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
}
