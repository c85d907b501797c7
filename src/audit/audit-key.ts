import { createHmac, randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, linkSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import { RectoError } from '../core/errors.ts';

/**
 * The secret the audit chain is keyed with (audit-chain.ts): 32 random bytes, as 64 hex
 * characters in a file only its owner can read. By default it sits beside the database
 * (DATA_DIR/audit.key), which already protects a copy of the database (a backup, an export)
 * from being edited undetectably; keeping it on another volume or a secrets mount protects
 * against someone who can write the data folder itself.
 *
 * The database records which key its chain was written with (auditKeyId), so a process
 * pointed at the wrong key file stops at once instead of writing events nobody can verify.
 */

export const AUDIT_KEY_FILE_NAME = 'audit.key';
const KEY_TEXT = /^[0-9a-f]{64}$/;

export function defaultAuditKeyFile(dataDir: string): string {
  return path.join(dataDir, AUDIT_KEY_FILE_NAME);
}

/** Reads the key; throws AUDIT_KEY_INVALID when the file is missing or is not a key. */
export function readAuditKey(file: string): Buffer {
  const key = readKeyIfPresent(file);
  if (!key) throw new RectoError('AUDIT_KEY_INVALID', `the audit key file ${file} is missing`);
  return key;
}

function readKeyIfPresent(file: string): Buffer | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new RectoError('STORAGE_UNAVAILABLE', `cannot read the audit key file ${file}: ${(error as Error).message}`, { cause: error });
  }
  if (!KEY_TEXT.test(text)) throw new RectoError('AUDIT_KEY_INVALID', `${file} is not an audit key (64 hex characters)`);
  return Buffer.from(text, 'hex');
}

/**
 * Reads the key, creating it first when there is none. Several processes may start on a new
 * data folder together: each writes its candidate to a private file and links it into place,
 * which only one can do; everyone then reads the one that won, whole.
 */
export function loadOrCreateAuditKey(file: string): Buffer {
  const existing = readKeyIfPresent(file);
  if (existing) return existing;
  mkdirSync(path.dirname(file), { recursive: true });
  const candidate = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const fd = openSync(candidate, 'wx', 0o600);
  try {
    writeSync(fd, `${randomBytes(32).toString('hex')}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(candidate, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    unlinkSync(candidate);
  }
  return readAuditKey(file);
}

/** Names a key without revealing it, so the database can say which key its chain needs. */
export function auditKeyId(key: Buffer): string {
  return createHmac('sha256', key).update('recto audit key id').digest('hex').slice(0, 16);
}
