import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

const KEY_LENGTH = 32;

function derive(password: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, KEY_LENGTH, (error, key) => {
      if (error) reject(error);
      else resolve(key);
    });
  });
}

/** Salted scrypt, so snapshots never hold a password even on a developer's disk. */
export async function hashPassword(
  password: string,
): Promise<{ passwordHash: string; salt: string }> {
  const salt = randomBytes(16);
  const key = await derive(password, salt);
  return { passwordHash: key.toString('base64'), salt: salt.toString('base64') };
}

export async function verifyPassword(
  password: string,
  stored: { passwordHash: string; salt: string },
): Promise<boolean> {
  const expected = Buffer.from(stored.passwordHash, 'base64');
  const actual = await derive(password, Buffer.from(stored.salt, 'base64'));
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
