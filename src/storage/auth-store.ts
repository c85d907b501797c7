import type { Identity, Role } from '../auth/roles.ts';

/**
 * Who may sign in and how: local accounts, browser sessions, API tokens and OpenID Connect
 * sign-ins in flight. Kept beside the documents (the embedded store uses the same SQLite file)
 * and safe to use from several processes. Secrets are stored only as hashes.
 */

export interface UserRecord {
  name: string;
  displayName: string;
  roles: Role[];
  disabled: boolean;
  hasPassword: boolean;
  failedAttempts: number;
  /** ISO time until which sign-in is refused after repeated failures; null when not locked. */
  lockedUntil: string | null;
  createdAt: string;
  updatedAt: string;
}

/** A user with the password hash, for the sign-in check only. */
export interface UserCredentials extends UserRecord {
  passwordHash: string | null;
}

export interface ApiTokenRecord {
  id: string;
  name: string;
  roles: Role[];
  createdBy: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  revokedBy: string | null;
}

export interface SessionRecord {
  identity: Identity;
  createdAt: number;
  lastSeenAt: number;
  expiresAt: number;
}

export type SignInAttempt =
  | { outcome: 'no-such-user' }
  | { outcome: 'locked'; lockedUntil: string; failedAttempts: number }
  | { outcome: 'check-password'; user: UserCredentials };

export interface AuthStore {
  countUsers(): Promise<number>;
  /** Throws USER_EXISTS when the name is taken. */
  createUser(input: { name: string; displayName: string; roles: Role[]; passwordHash: string | null }): Promise<UserRecord>;
  getUser(name: string): Promise<UserCredentials | null>;
  listUsers(): Promise<UserRecord[]>;
  updateUser(name: string, change: { roles?: Role[]; disabled?: boolean; displayName?: string; passwordHash?: string }): Promise<UserRecord>;
  /**
   * Counts a sign-in attempt BEFORE its password is checked, so that guesses sent all at once
   * are counted as they arrive: past `maxAttempts` unsuccessful attempts the account is locked
   * for `lockMs` and the password is not even checked.
   */
  beginSignIn(name: string, policy: { maxAttempts: number; lockMs: number }): Promise<SignInAttempt>;
  /** The password was wrong: locks the account once the attempts counted reach `maxAttempts`. */
  recordFailedSignIn(name: string, policy: { maxAttempts: number; lockMs: number }): Promise<UserRecord | null>;
  /** The password was right: the count starts again, unless the account was locked meanwhile (then false). */
  recordSignIn(name: string): Promise<boolean>;

  createSession(idHash: string, identity: Identity, now: number, expiresAt: number): Promise<void>;
  /** The session if it exists, is not expired and was used within `idleMs`; touching it extends the idle window. */
  touchSession(idHash: string, now: number, idleMs: number): Promise<SessionRecord | null>;
  deleteSession(idHash: string): Promise<void>;
  /** Ends every session of one identity (e.g. a disabled user or changed roles). */
  deleteSessionsOf(identityId: string): Promise<number>;

  createToken(input: { id: string; name: string; secretHash: string; roles: Role[]; createdBy: string }): Promise<ApiTokenRecord>;
  /** The live (not revoked) token with this id and secret hash; marks it used. */
  useToken(id: string, secretHash: string, now: number): Promise<ApiTokenRecord | null>;
  listTokens(): Promise<ApiTokenRecord[]>;
  /** Throws TOKEN_NOT_FOUND for an unknown id; revoking twice keeps the first revocation. */
  revokeToken(id: string, by: string): Promise<ApiTokenRecord>;

  saveSignInTransaction(keyHash: string, transaction: unknown, now: number): Promise<void>;
  /** Returns and deletes (one use only) a transaction younger than maxAgeMs. */
  takeSignInTransaction(keyHash: string, now: number, maxAgeMs: number): Promise<unknown | null>;
  close(): Promise<void>;
}
