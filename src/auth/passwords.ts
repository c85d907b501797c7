import { Algorithm, hash, verify } from '@node-rs/argon2';
import pLimit from 'p-limit';
import { RectoError } from '../core/errors.ts';

/**
 * Local account passwords: argon2id (OWASP's first choice) with its recommended minimum cost
 * (19 MiB, 2 passes), about 25 ms here — slow for a guesser, quick for a person.
 */
const OPTIONS = { algorithm: Algorithm.Argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const MIN_PASSWORD_LENGTH = 12;

export function checkPasswordStrength(name: string, password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new RectoError('WEAK_PASSWORD', `the password is ${password.length} characters; at least ${MIN_PASSWORD_LENGTH} are needed`);
  }
  if (password.toLowerCase().includes(name.toLowerCase())) throw new RectoError('WEAK_PASSWORD', 'the password contains the user name');
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

/** A hash of nothing, verified when the user does not exist, so a wrong name takes as long as a wrong password. */
let decoy: Promise<string> | undefined;

/**
 * Checks run two at a time: each takes 19 MiB and a thread of libuv's pool, which uploads and
 * downloads share, so a flood of sign-ins waits its turn instead of starving them.
 */
const checks = pLimit(2);

export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  return checks(async () => {
    if (passwordHash === null) {
      decoy ??= hashPassword('recto-decoy-password');
      await verify(await decoy, password).catch(() => false);
      return false;
    }
    return verify(passwordHash, password).catch(() => false);
  });
}
