import { RectoError } from '../core/errors.ts';
import type { AuthStore } from '../storage/auth-store.ts';
import type { AuthConfig } from './auth-config.ts';
import { verifyPassword } from './passwords.ts';
import type { Identity } from './roles.ts';

/**
 * A local account's sign-in. Every refusal says the same thing whatever was wrong (no such
 * user, wrong password, disabled, no role), so the answer does not tell a guesser which names
 * exist; only a locked account says so, because its owner needs to know to wait or ask.
 */
export async function signInWithPassword(auth: AuthStore, config: AuthConfig, name: string, password: string): Promise<Identity> {
  const refused = () => new RectoError('SIGN_IN_FAILED', 'the user name or password is not right');
  const user = await auth.getUser(name);
  if (user?.lockedUntil) throw new RectoError('ACCOUNT_LOCKED', `${name} is locked after repeated failed sign-ins until ${user.lockedUntil}`);
  const good = await verifyPassword(user?.passwordHash ?? null, password);
  if (!user || !good) {
    if (user) {
      const after = await auth.recordFailedSignIn(name, { maxAttempts: config.LOCKOUT_ATTEMPTS, lockMs: config.LOCKOUT_MINUTES * 60_000 });
      if (after?.lockedUntil) throw new RectoError('ACCOUNT_LOCKED', `${name} is now locked after ${after.failedAttempts} failed sign-ins, until ${after.lockedUntil}`);
    }
    throw refused();
  }
  if (user.disabled || user.roles.length === 0) throw refused();
  await auth.recordSignIn(name);
  return { id: `user:${user.name}`, displayName: user.displayName, roles: user.roles, method: 'password' };
}
