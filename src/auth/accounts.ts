import { RectoError } from '../core/errors.ts';
import type { ApiTokenRecord, AuthStore, UserRecord } from '../storage/auth-store.ts';
import { checkPasswordStrength, hashPassword } from './passwords.ts';
import type { Role } from './roles.ts';
import { newApiToken, secretHash } from './secrets.ts';

/**
 * Creating and changing accounts and tokens, shared by the CLI (`recto user`, `recto token`)
 * and the admin API so both apply the same rules.
 */

const USER_NAME = /^[a-z0-9][a-z0-9._@-]{1,63}$/;

export async function addUser(auth: AuthStore, input: { name: string; displayName?: string; roles: Role[]; password: string }): Promise<UserRecord> {
  if (!USER_NAME.test(input.name)) {
    throw new RectoError('INVALID_OPTIONS', `user name ${JSON.stringify(input.name)}: use 2–64 lower-case letters, digits, . _ @ -`);
  }
  if (input.roles.length === 0) throw new RectoError('INVALID_OPTIONS', 'give the user at least one role (--role records|reviewer|clinician|admin)');
  checkPasswordStrength(input.name, input.password);
  return auth.createUser({ name: input.name, displayName: input.displayName ?? input.name, roles: unique(input.roles), passwordHash: await hashPassword(input.password) });
}

/** Role changes and disabling take effect at once: the user's sessions end. */
export async function changeUser(
  auth: AuthStore,
  name: string,
  change: { roles?: Role[]; disabled?: boolean; displayName?: string; password?: string },
): Promise<UserRecord> {
  if (change.password !== undefined) checkPasswordStrength(name, change.password);
  if (change.disabled === true || (change.roles && !change.roles.includes('admin'))) await keepAnAdmin(auth, name);
  const updated = await auth.updateUser(name, {
    roles: change.roles ? unique(change.roles) : undefined,
    disabled: change.disabled,
    displayName: change.displayName,
    passwordHash: change.password !== undefined ? await hashPassword(change.password) : undefined,
  });
  if (change.roles || change.disabled || change.password !== undefined) await auth.deleteSessionsOf(`user:${name}`);
  return updated;
}

/** The token itself is returned once, here; only its hash is kept. */
export async function createApiToken(auth: AuthStore, input: { name: string; roles: Role[]; createdBy: string }): Promise<{ token: string; record: ApiTokenRecord }> {
  if (input.roles.length === 0) throw new RectoError('INVALID_OPTIONS', 'give the token at least one role');
  if (!/^[\w .@-]{1,100}$/.test(input.name)) throw new RectoError('INVALID_OPTIONS', 'name the token with letters, digits, spaces, . _ @ -');
  const { id, secret, token } = newApiToken();
  const record = await auth.createToken({ id, name: input.name, secretHash: secretHash(secret), roles: unique(input.roles), createdBy: input.createdBy });
  return { token, record };
}

/** Nobody could then manage users or tokens over the API: the last active admin stays one. */
async function keepAnAdmin(auth: AuthStore, losing: string): Promise<void> {
  const admins = (await auth.listUsers()).filter((user) => user.roles.includes('admin') && !user.disabled);
  if (admins.length === 1 && admins[0].name === losing) {
    throw new RectoError('INVALID_OPTIONS', `${losing} is the only active admin: make another admin first`);
  }
}

function unique(roles: Role[]): Role[] {
  return [...new Set(roles)];
}
