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
  const policy = { maxAttempts: config.LOCKOUT_ATTEMPTS, lockMs: config.LOCKOUT_MINUTES * 60_000 };
  const attempt = await auth.beginSignIn(name, policy);
  if (attempt.outcome === 'locked') {
    throw new RectoError('ACCOUNT_LOCKED', `${name} is locked after ${attempt.failedAttempts} unsuccessful sign-ins, until ${attempt.lockedUntil}`);
  }
  const user = attempt.outcome === 'check-password' ? attempt.user : null;
  const good = await verifyPassword(user?.passwordHash ?? null, password);
  if (!user || !good) {
    if (user) {
      const after = await auth.recordFailedSignIn(name, policy);
      if (after?.lockedUntil) throw new RectoError('ACCOUNT_LOCKED', `${name} is now locked after ${after.failedAttempts} failed sign-ins, until ${after.lockedUntil}`);
    }
    throw refused();
  }
  if (user.disabled || user.roles.length === 0) throw refused();
  // Locked by other attempts while this password was being checked: the lock wins.
  if (!(await auth.recordSignIn(name))) throw new RectoError('ACCOUNT_LOCKED', `${name} was locked while signing in: wait, or ask an admin to reset the password`);
  return { id: `user:${user.name}`, displayName: user.displayName, roles: user.roles, method: 'password' };
}
