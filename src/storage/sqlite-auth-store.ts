import type Database from 'better-sqlite3';
import type { Identity, Role } from '../auth/roles.ts';
import { sameSecret } from '../auth/secrets.ts';
import { RectoError } from '../core/errors.ts';
import type { ApiTokenRecord, AuthStore, SessionRecord, SignInAttempt, UserCredentials, UserRecord } from './auth-store.ts';
import { guard } from './sqlite-guard.ts';
import { openDatabase } from './sqlite-schema.ts';

interface UserRow {
  name: string;
  display_name: string;
  password_hash: string | null;
  roles: string;
  disabled: number;
  failed_attempts: number;
  locked_until: number | null;
  created_at: number;
  updated_at: number;
}

interface TokenRow {
  id: string;
  name: string;
  secret_hash: string;
  roles: string;
  created_by: string;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
  revoked_by: string | null;
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

function userFromRow(row: UserRow): UserCredentials {
  return {
    name: row.name,
    displayName: row.display_name,
    roles: JSON.parse(row.roles) as Role[],
    disabled: row.disabled === 1,
    hasPassword: row.password_hash !== null,
    passwordHash: row.password_hash,
    failedAttempts: row.failed_attempts,
    lockedUntil: row.locked_until !== null && row.locked_until > Date.now() ? iso(row.locked_until) : null,
    createdAt: iso(row.created_at)!,
    updatedAt: iso(row.updated_at)!,
  };
}

function publicUser(user: UserCredentials): UserRecord {
  const { passwordHash: _hidden, ...rest } = user;
  return rest;
}

function tokenFromRow(row: TokenRow): ApiTokenRecord {
  return {
    id: row.id,
    name: row.name,
    roles: JSON.parse(row.roles) as Role[],
    createdBy: row.created_by,
    createdAt: iso(row.created_at)!,
    lastUsedAt: iso(row.last_used_at),
    revokedAt: iso(row.revoked_at),
    revokedBy: row.revoked_by,
  };
}

/** The AuthStore on the service's SQLite file (its own connection, like the other stores). */
export class SqliteAuthStore implements AuthStore {
  private readonly db: Database.Database;
  private readonly sql;

  constructor(file: string, options: { busyTimeoutMs: number; auditKeyFile?: string }) {
    this.db = guard(() => openDatabase(file, options.busyTimeoutMs, { auditKeyFile: options.auditKeyFile }));
    const db = this.db;
    this.sql = {
      countUsers: db.prepare('SELECT COUNT(*) AS count FROM users'),
      insertUser: db.prepare(`
        INSERT INTO users (name, display_name, password_hash, roles, created_at, updated_at)
        VALUES (@name, @display_name, @password_hash, @roles, @now, @now) ON CONFLICT (name) DO NOTHING`),
      userByName: db.prepare('SELECT * FROM users WHERE name = ?'),
      allUsers: db.prepare('SELECT * FROM users ORDER BY name'),
      updateUser: db.prepare(`
        UPDATE users SET display_name = @display_name, password_hash = @password_hash, roles = @roles,
          disabled = @disabled, failed_attempts = @failed_attempts, locked_until = @locked_until, updated_at = @now
        WHERE name = @name`),
      insertSession: db.prepare('INSERT INTO sessions (id_hash, identity, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?)'),
      sessionById: db.prepare('SELECT * FROM sessions WHERE id_hash = ?'),
      touchSession: db.prepare('UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?'),
      deleteSession: db.prepare('DELETE FROM sessions WHERE id_hash = ?'),
      deleteExpiredSessions: db.prepare('DELETE FROM sessions WHERE expires_at < ?'),
      deleteSessionsOf: db.prepare("DELETE FROM sessions WHERE json_extract(identity, '$.id') = ?"),
      insertToken: db.prepare(`
        INSERT INTO api_tokens (id, name, secret_hash, roles, created_by, created_at)
        VALUES (@id, @name, @secret_hash, @roles, @created_by, @now)`),
      tokenById: db.prepare('SELECT * FROM api_tokens WHERE id = ?'),
      useToken: db.prepare('UPDATE api_tokens SET last_used_at = ? WHERE id = ?'),
      allTokens: db.prepare('SELECT * FROM api_tokens ORDER BY created_at, id'),
      revokeToken: db.prepare('UPDATE api_tokens SET revoked_at = ?, revoked_by = ? WHERE id = ? AND revoked_at IS NULL'),
      insertTransaction: db.prepare('INSERT OR REPLACE INTO sign_in_transactions (key_hash, transaction_json, created_at) VALUES (?, ?, ?)'),
      transactionByKey: db.prepare('SELECT * FROM sign_in_transactions WHERE key_hash = ?'),
      deleteTransaction: db.prepare('DELETE FROM sign_in_transactions WHERE key_hash = ?'),
      deleteOldTransactions: db.prepare('DELETE FROM sign_in_transactions WHERE created_at < ?'),
    };
  }

  async countUsers(): Promise<number> {
    return guard(() => (this.sql.countUsers.get() as { count: number }).count);
  }

  async createUser(input: { name: string; displayName: string; roles: Role[]; passwordHash: string | null }): Promise<UserRecord> {
    return guard(() => {
      const result = this.sql.insertUser.run({
        name: input.name,
        display_name: input.displayName,
        password_hash: input.passwordHash,
        roles: JSON.stringify(input.roles),
        now: Date.now(),
      });
      if (result.changes === 0) throw new RectoError('USER_EXISTS', `a user named ${input.name} already exists`);
      return publicUser(this.requireUser(input.name));
    });
  }

  async getUser(name: string): Promise<UserCredentials | null> {
    return guard(() => {
      const row = this.sql.userByName.get(name) as UserRow | undefined;
      return row ? userFromRow(row) : null;
    });
  }

  async listUsers(): Promise<UserRecord[]> {
    return guard(() => (this.sql.allUsers.all() as UserRow[]).map((row) => publicUser(userFromRow(row))));
  }

  async updateUser(name: string, change: { roles?: Role[]; disabled?: boolean; displayName?: string; passwordHash?: string }): Promise<UserRecord> {
    const update = this.db.transaction(() => {
      const row = this.sql.userByName.get(name) as UserRow | undefined;
      if (!row) throw new RectoError('USER_NOT_FOUND', `no user named ${name}`);
      this.sql.updateUser.run({
        name,
        display_name: change.displayName ?? row.display_name,
        password_hash: change.passwordHash ?? row.password_hash,
        roles: change.roles ? JSON.stringify(change.roles) : row.roles,
        disabled: change.disabled === undefined ? row.disabled : Number(change.disabled),
        // A password set by an admin also lifts a lockout.
        failed_attempts: change.passwordHash ? 0 : row.failed_attempts,
        locked_until: change.passwordHash ? null : row.locked_until,
        now: Date.now(),
      });
      return publicUser(this.requireUser(name));
    });
    return guard(() => update.immediate());
  }

  async beginSignIn(name: string, policy: { maxAttempts: number; lockMs: number }): Promise<SignInAttempt> {
    const begin = this.db.transaction((): SignInAttempt => {
      const row = this.sql.userByName.get(name) as UserRow | undefined;
      if (!row) return { outcome: 'no-such-user' };
      const now = Date.now();
      if (row.locked_until !== null && row.locked_until > now) {
        return { outcome: 'locked', lockedUntil: iso(row.locked_until)!, failedAttempts: row.failed_attempts };
      }
      // A lock that has run out starts a fresh count.
      const earlier = row.locked_until !== null ? 0 : row.failed_attempts;
      const attempts = earlier + 1;
      if (attempts > policy.maxAttempts) {
        const lockedUntil = now + policy.lockMs;
        this.sql.updateUser.run({ ...row, failed_attempts: attempts, locked_until: lockedUntil, now });
        return { outcome: 'locked', lockedUntil: iso(lockedUntil)!, failedAttempts: attempts };
      }
      this.sql.updateUser.run({ ...row, failed_attempts: attempts, locked_until: null, now });
      return { outcome: 'check-password', user: this.requireUser(name) };
    });
    return guard(() => begin.immediate());
  }

  async recordFailedSignIn(name: string, policy: { maxAttempts: number; lockMs: number }): Promise<UserRecord | null> {
    const record = this.db.transaction(() => {
      const row = this.sql.userByName.get(name) as UserRow | undefined;
      if (!row) return null;
      const now = Date.now();
      const alreadyLocked = row.locked_until !== null && row.locked_until > now;
      if (!alreadyLocked && row.failed_attempts >= policy.maxAttempts) {
        this.sql.updateUser.run({ ...row, locked_until: now + policy.lockMs, now });
      }
      return publicUser(this.requireUser(name));
    });
    return guard(() => record.immediate());
  }

  async recordSignIn(name: string): Promise<boolean> {
    const record = this.db.transaction(() => {
      const row = this.sql.userByName.get(name) as UserRow | undefined;
      if (!row) return false;
      const now = Date.now();
      if (row.locked_until !== null && row.locked_until > now) return false;
      this.sql.updateUser.run({ ...row, failed_attempts: 0, locked_until: null, now });
      return true;
    });
    return guard(() => record.immediate());
  }

  async createSession(idHash: string, identity: Identity, now: number, expiresAt: number): Promise<void> {
    guard(() => {
      this.sql.deleteExpiredSessions.run(now);
      this.sql.insertSession.run(idHash, JSON.stringify(identity), now, now, expiresAt);
    });
  }

  async touchSession(idHash: string, now: number, idleMs: number): Promise<SessionRecord | null> {
    return guard(() => {
      const row = this.sql.sessionById.get(idHash) as
        | { identity: string; created_at: number; last_seen_at: number; expires_at: number }
        | undefined;
      if (!row) return null;
      if (row.expires_at <= now || row.last_seen_at + idleMs <= now) {
        this.sql.deleteSession.run(idHash);
        return null;
      }
      // Writing on every request would serialise all readers on the database lock; a minute's precision is enough for an idle timeout.
      if (now - row.last_seen_at > 60_000) this.sql.touchSession.run(now, idHash);
      return { identity: JSON.parse(row.identity) as Identity, createdAt: row.created_at, lastSeenAt: now, expiresAt: row.expires_at };
    });
  }

  async deleteSession(idHash: string): Promise<void> {
    guard(() => this.sql.deleteSession.run(idHash));
  }

  async deleteSessionsOf(identityId: string): Promise<number> {
    return guard(() => this.sql.deleteSessionsOf.run(identityId).changes);
  }

  async createToken(input: { id: string; name: string; secretHash: string; roles: Role[]; createdBy: string }): Promise<ApiTokenRecord> {
    return guard(() => {
      this.sql.insertToken.run({
        id: input.id,
        name: input.name,
        secret_hash: input.secretHash,
        roles: JSON.stringify(input.roles),
        created_by: input.createdBy,
        now: Date.now(),
      });
      return tokenFromRow(this.sql.tokenById.get(input.id) as TokenRow);
    });
  }

  async useToken(id: string, secretHash: string, now: number): Promise<ApiTokenRecord | null> {
    return guard(() => {
      const row = this.sql.tokenById.get(id) as TokenRow | undefined;
      if (!row || row.revoked_at !== null || !sameSecret(row.secret_hash, secretHash)) return null;
      if (row.last_used_at === null || now - row.last_used_at > 60_000) this.sql.useToken.run(now, id);
      return tokenFromRow(row);
    });
  }

  async listTokens(): Promise<ApiTokenRecord[]> {
    return guard(() => (this.sql.allTokens.all() as TokenRow[]).map(tokenFromRow));
  }

  async revokeToken(id: string, by: string): Promise<ApiTokenRecord> {
    return guard(() => {
      this.sql.revokeToken.run(Date.now(), by, id);
      const row = this.sql.tokenById.get(id) as TokenRow | undefined;
      if (!row) throw new RectoError('TOKEN_NOT_FOUND', `no API token ${id}`);
      return tokenFromRow(row);
    });
  }

  async saveSignInTransaction(keyHash: string, transaction: unknown, now: number): Promise<void> {
    guard(() => {
      this.sql.deleteOldTransactions.run(now - 60 * 60_000);
      this.sql.insertTransaction.run(keyHash, JSON.stringify(transaction), now);
    });
  }

  async takeSignInTransaction(keyHash: string, now: number, maxAgeMs: number): Promise<unknown | null> {
    const take = this.db.transaction(() => {
      const row = this.sql.transactionByKey.get(keyHash) as { transaction_json: string; created_at: number } | undefined;
      if (!row) return null;
      this.sql.deleteTransaction.run(keyHash);
      return row.created_at + maxAgeMs > now ? (JSON.parse(row.transaction_json) as unknown) : null;
    });
    return guard(() => take.immediate());
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  private requireUser(name: string): UserCredentials {
    return userFromRow(this.sql.userByName.get(name) as UserRow);
  }
}
