import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { ValidationError } from '../errors.ts';

/** Passwords hashed with argon2id (the package's default algorithm); never logged, never returned. */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

/** A hash of nothing anyone knows: unknown e-mails are verified against it, so they take as long as known ones. */
let dummyHash: Promise<string> | undefined;

/** Verifies a password against a stored hash, or against the dummy hash when there is none. Never throws on a malformed hash. */
export async function verifyPassword(storedHash: string | null | undefined, password: string): Promise<boolean> {
  dummyHash ??= hash(randomBytes(16).toString('hex'));
  const against = storedHash ?? (await dummyHash);
  try {
    return (await verify(against, password)) && storedHash != null;
  } catch {
    return false;
  }
}

const minimumPasswordLength = 8;

export function checkPassword(password: string): void {
  if (password.length < minimumPasswordLength)
    throw new ValidationError([{ field: 'password', reason: `must be at least ${minimumPasswordLength} characters` }]);
  if (password.length > 1024) throw new ValidationError([{ field: 'password', reason: 'must be at most 1024 characters' }]);
}

/** A random secret for a cookie or a link, and the hash stored in its place. */
export function newSecret(): { secret: string; hash: string } {
  const secret = randomBytes(32).toString('base64url');
  return { secret, hash: hashSecret(secret) };
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function newCsrfToken(): string {
  return randomBytes(24).toString('base64url');
}
