import { spawn, spawnSync } from 'node:child_process';
import { createHash, createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalEvent } from '../../src/audit/audit-chain.ts';
import type { ChainVerification } from '../../src/audit/audit-log.ts';
import { type EmbeddedStorage, openEmbeddedStorage } from '../../src/storage/open-embedded-storage.ts';

/**
 * `recto audit` as an administrator runs it, against a log an attacker has tampered with by
 * hand: with their own SQLite connection (dropping the triggers that stand in the way) and by
 * editing the database file's bytes.
 */

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'src/cli/recto.js');
const CHILD = path.join(ROOT, 'test/support/audit-append-child.ts');
let root: string;
let documents = 0;

function recto(...args: string[]) {
  // MALLOC_ARENA_MAX set: the launcher runs the command itself instead of starting a second Node for it.
  return spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000, env: { ...process.env, MALLOC_ARENA_MAX: '2' } });
}

function verifyJson(dataDir: string): { status: number | null; result: ChainVerification; stderr: string } {
  const run = recto('audit', 'verify', '--data-dir', dataDir, '--json');
  return { status: run.status, result: JSON.parse(run.stdout), stderr: run.stderr };
}

beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'recto-cli-audit-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** 20 events the way the service writes them: review changes, filing decisions, views. */
async function writeTwentyEvents(storage: EmbeddedStorage): Promise<void> {
  const sha256 = (++documents).toString(16).padStart(64, 'b');
  const { document } = await storage.metadata.createDocumentIfAbsent({ sha256, originalKey: `sha256/bb/bb/${sha256}`, fileName: 'letter.png', sizeBytes: 1, format: 'png' });
  const { item } = await storage.review.openItem({ documentId: document.id, reasons: [{ code: 'DOB_DISAGREES', message: 'x' }], extracted: {} }); // 1
  await storage.review.claim(item.id, 'r.patel'); // 2
  await storage.review.correct(item.id, 'r.patel', { nhsNumber: '9990000018' }); // 3
  await storage.audit.append({ actor: 'recto', action: 'document.sent-to-review', subjectId: document.id, before: null, after: { reviewItemId: item.id } }); // 4
  for (let n = 5; n <= 20; n++) {
    const actor = n === 17 ? 'file.editor.target' : `clinician.${n}`;
    await storage.audit.append({ actor, action: 'document.viewed', subjectId: document.id, ip: `10.0.0.${n}`, details: { page: n }, patientNhsNumber: '9990000018' });
  }
}

describe('recto audit verify (CLI)', () => {
  it('names every break: an edited row, a deleted row, a replaced row, bytes changed in the file, and events cut from the end', async () => {
    const dataDir = mkdtempSync(path.join(root, 'tampered-'));
    const storage = openEmbeddedStorage({ dataDir });
    await writeTwentyEvents(storage);
    await storage.close();

    const intact = recto('audit', 'verify', '--data-dir', dataDir);
    expect(intact.status, intact.stderr).toBe(0);
    expect(intact.stdout).toMatch(/^audit log intact: 20 events; last event 20, hash [0-9a-f]{64}$/m);

    const file = path.join(dataDir, 'recto.sqlite');
    const attacker = new Database(file);
    const row = (id: number) => attacker.prepare('SELECT * FROM audit_events WHERE id = ?').get(id) as Record<string, string | number | null>;
    // Edited: who looked is changed, the link columns are left alone.
    attacker.exec('DROP TRIGGER audit_events_no_update');
    attacker.prepare("UPDATE audit_events SET actor = 'someone.else' WHERE id = 5").run();
    // Deleted: an event in the middle, and the last two.
    attacker.exec('DROP TRIGGER audit_events_no_delete');
    attacker.prepare('DELETE FROM audit_events WHERE id IN (9, 19, 20)').run();
    // Replaced: INSERT OR REPLACE of a whole row, its hash recomputed the only way an attacker without the key can.
    attacker.exec('DROP TRIGGER audit_events_append_only');
    const forged: Record<string, string | number | null> = { ...row(13), action: 'document.filed', ip: '192.168.0.66' };
    const canonical = canonicalEvent({
      id: 13, at: forged.at as number, actor: forged.actor as string, action: forged.action as string, subjectId: forged.subject_id as string, ip: forged.ip as string,
      details: forged.details as string, before: null, after: null, patientNhsNumber: forged.patient_nhs_number as string, prevHash: forged.prev_hash as string,
    });
    const replaced = { ...forged, hash: createHash('sha256').update(canonical).digest('hex') };
    const columns = Object.keys(replaced);
    attacker.prepare(`INSERT OR REPLACE INTO audit_events (${columns.join(', ')}) VALUES (${columns.map((column) => `@${column}`).join(', ')})`).run(replaced);
    expect(row(13).ip).toBe('192.168.0.66');
    attacker.close(); // the last connection: SQLite folds the WAL into the file

    // Edited in the file itself, not through SQL: one byte of event 17's actor.
    const bytes = readFileSync(file);
    const at = bytes.indexOf('file.editor.target');
    expect(at).toBeGreaterThan(0);
    expect(bytes.indexOf('file.editor.target', at + 1)).toBe(-1);
    bytes.write('X', at + 'file.editor.tar'.length, 'latin1');
    writeFileSync(file, bytes);

    const human = recto('audit', 'verify', '--data-dir', dataDir);
    expect(human.status).toBe(1);
    expect(human.stderr.split('\n')[0]).toBe('audit event 5 was edited after it was written (hash mismatch)');
    expect(human.stderr).toMatch(/audit log BROKEN: 8 breaks in 17 events/);

    const { status, result } = verifyJson(dataDir);
    expect(status).toBe(1);
    expect(result).toMatchObject({ ok: false, events: 17, firstBroken: { id: 5, kind: 'edited' } });
    expect(result.breaks.map((broken) => [broken.id, broken.kind])).toEqual([
      [5, 'edited'],
      [9, 'deleted'],
      [13, 'replaced'],
      [17, 'edited'],
      [19, 'deleted'],
      [0, 'unprotected'],
      [0, 'unprotected'],
      [0, 'unprotected'],
    ]);
    expect(result.breaks[1].problem).toBe('audit event 9 was deleted (the chain jumps from event 8 to event 10)');
    expect(result.breaks[2].problem).toMatch(/^audit event 13 was replaced/);
    expect(result.breaks[4].problem).toBe('audit events 19–20 were deleted from the end of the log (events were written up to 20)');
    expect(result.breaks.slice(5).map((broken) => broken.problem)).toEqual(
      ['audit_events_no_update', 'audit_events_no_delete', 'audit_events_append_only'].map(
        (name) => `the append-only trigger ${name} was dropped: the database was altered to allow rewriting the log`,
      ),
    );
  });

  it('names an event written with the key but not after the event before it as inserted out of order', async () => {
    const dataDir = mkdtempSync(path.join(root, 'inserted-'));
    const storage = openEmbeddedStorage({ dataDir });
    await writeTwentyEvents(storage);
    await storage.close();
    // An insider holding the key adds an event chained to event 15, as if written just after it.
    const key = Buffer.from(readFileSync(path.join(dataDir, 'audit.key'), 'utf8').trim(), 'hex');
    const db = new Database(path.join(dataDir, 'recto.sqlite'));
    db.exec('DROP TRIGGER audit_events_append_only');
    const prevHash = db.prepare('SELECT hash FROM audit_events WHERE id = 15').pluck().get() as string;
    const event = { id: 21, at: Date.now(), actor: 'insider', action: 'document.viewed', subjectId: 'doc_x', ip: null, details: null, before: null, after: null, patientNhsNumber: null, prevHash };
    const hash = createHmac('sha256', key).update(canonicalEvent(event)).digest('hex');
    db.prepare(`INSERT INTO audit_events (id, at, actor, action, subject_id, prev_hash, hash) VALUES (21, ?, 'insider', 'document.viewed', 'doc_x', ?, ?)`).run(event.at, prevHash, hash);
    db.close();
    const { status, result } = verifyJson(dataDir);
    expect(status).toBe(1);
    expect(result.breaks).toEqual([
      { id: 21, kind: 'inserted', problem: 'audit event 21 was inserted out of order: it is not chained to event 20' },
      { id: 0, kind: 'unprotected', problem: 'the append-only trigger audit_events_append_only was dropped: the database was altered to allow rewriting the log' },
    ]);
  });

  it('keeps one linear chain while two processes append at once', async () => {
    const dataDir = mkdtempSync(path.join(root, 'concurrent-'));
    const storage = openEmbeddedStorage({ dataDir });
    await storage.audit.append({ actor: 'setup', action: 'user.created', subjectId: 'user_1' });
    await storage.close();
    const perProcess = 1000;
    const children = ['api.process', 'worker.process'].map((actor) => startAppender(dataDir, actor, perProcess));
    await Promise.all(children.map((child) => child.ready));
    for (const child of children) child.go();
    const outputs = await Promise.all(children.map((child) => child.done));
    expect(outputs).toEqual([`ready\napi.process appended ${perProcess}\n`, `ready\nworker.process appended ${perProcess}\n`]);

    const { status, result } = verifyJson(dataDir);
    expect(status).toBe(0);
    expect(result).toMatchObject({ ok: true, events: 2 * perProcess + 1, breaks: [], head: { id: 2 * perProcess + 1 } });
    // They really ran at the same time: each process's events begin before the other's end.
    // (SQLite's lock is not fair, so the turns come in runs, not one by one.)
    const db = new Database(path.join(dataDir, 'recto.sqlite'), { readonly: true });
    const span = db.prepare("SELECT min(id) AS first, max(id) AS last FROM audit_events WHERE actor = ?");
    const [api, worker] = ['api.process', 'worker.process'].map((actor) => span.get(actor) as { first: number; last: number });
    const actors = db.prepare("SELECT actor FROM audit_events WHERE id > 1 ORDER BY id").pluck().all() as string[];
    db.close();
    expect(api.first).toBeLessThan(worker.last);
    expect(worker.first).toBeLessThan(api.last);
    const turns = actors.filter((actor, index) => index > 0 && actor !== actors[index - 1]).length;
    expect(turns).toBeGreaterThan(100);
  });
});

/** One appending process: resolves `ready` once its store is open, starts on `go()`. */
function startAppender(dataDir: string, actor: string, count: number) {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dataDir, actor, String(count)], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  let signalReady: () => void;
  const ready = new Promise<void>((resolve) => (signalReady = resolve));
  child.stdout.on('data', (chunk) => {
    output += chunk;
    if (output.startsWith('ready\n')) signalReady();
  });
  child.stderr.on('data', (chunk) => (output += chunk));
  const done = new Promise<string>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(output) : reject(new Error(`${actor} exited ${code}: ${output}`))));
  });
  // A child that dies before it is ready must fail the test, not hang it.
  return { ready: Promise.race([ready, done.then(() => Promise.reject(new Error(`${actor} ended before it was ready: ${output}`)))]), go: () => child.stdin.end('go\n'), done };
}

describe('recto audit export and viewers (CLI)', () => {
  it("writes the CSV to a file, and lists a patient's viewers, each itself audited", async () => {
    const dataDir = mkdtempSync(path.join(root, 'export-'));
    const storage = openEmbeddedStorage({ dataDir });
    await writeTwentyEvents(storage);
    await storage.close();

    const out = path.join(dataDir, 'audit.csv');
    const exported = recto('audit', 'export', '--data-dir', dataDir, '--from', '2000-01-01', '--out', out);
    expect(exported.status, exported.stderr).toBe(0);
    const rows = parse(readFileSync(out, 'utf8'), { columns: true }) as Array<Record<string, string>>;
    expect(rows).toHaveLength(21);
    expect(rows[20]).toMatchObject({ action: 'audit.exported', actor: `cli:${os.userInfo().username}`, subject_id: 'audit-log' });

    const viewers = recto('audit', 'viewers', '--data-dir', dataDir, '--nhs-number', '999 000 0018', '--json');
    expect(viewers.status, viewers.stderr).toBe(0);
    const listed = JSON.parse(viewers.stdout) as Array<{ actor: string; ip: string }>;
    expect(listed).toHaveLength(16);
    expect(listed[0]).toMatchObject({ actor: 'clinician.5', ip: '10.0.0.5' });

    const bad = recto('audit', 'viewers', '--data-dir', dataDir, '--nhs-number', '9990000019');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/not a valid NHS number/);
    const missing = recto('audit', 'verify', '--data-dir', path.join(root, 'no-such-folder'));
    expect(missing.status).toBe(3); // INPUT_NOT_FOUND: not found
    expect(missing.stderr).toMatch(/INPUT_NOT_FOUND: no Recto database/);
    expect(verifyJson(dataDir).result).toMatchObject({ ok: true, events: 22 });
  });
});
