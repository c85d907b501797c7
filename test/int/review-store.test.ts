import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RectoError } from '../../src/core/errors.ts';
import { type EmbeddedStorage, openEmbeddedStorage } from '../../src/storage/open-embedded-storage.ts';
import { expectRectoError } from '../support/expect-error.ts';

/** The review queue, its audit trail and delivery records, on a real SQLite file. */

let dir: string;
let storage: EmbeddedStorage;
let documentCount = 0;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'recto-review-'));
  storage = openEmbeddedStorage({ dataDir: dir });
});

afterAll(async () => {
  await storage.close();
  rmSync(dir, { recursive: true, force: true });
});

async function newDocumentId(): Promise<string> {
  documentCount++;
  const sha256 = documentCount.toString(16).padStart(64, '0');
  const { document } = await storage.metadata.createDocumentIfAbsent({
    sha256,
    originalKey: `sha256/00/00/${sha256}`,
    fileName: `scan-${documentCount}.png`,
    sizeBytes: 1,
    format: 'png',
  });
  return document.id;
}

const reasons = [{ code: 'NHS_NUMBER_NOT_IN_INDEX', message: 'NHS number 999 000 0018 is not in the patient index' }];

describe('review items', () => {
  it('keeps one live item per document: opening it again returns the same item', async () => {
    const documentId = await newDocumentId();
    const first = await storage.review.openItem({ documentId, reasons, extracted: { nhsNumbers: [] } });
    const again = await storage.review.openItem({ documentId, reasons, extracted: { nhsNumbers: [] } });
    expect(first.created).toBe(true);
    expect(again).toEqual({ item: first.item, created: false });
    expect(first.item).toMatchObject({ id: expect.stringMatching(/^rev_[0-9A-Z]{26}$/), status: 'open', reasons, corrections: {} });
  });

  it('lets only the claimant correct and decide, and audits every change with before and after', async () => {
    const documentId = await newDocumentId();
    const { item } = await storage.review.openItem({ documentId, reasons, extracted: {} });
    await expectRectoError(storage.review.correct(item.id, 'r.patel', { nhsNumber: '9990000018' }), 'REVIEW_CONFLICT');
    await storage.review.claim(item.id, 'r.patel');
    await storage.review.claim(item.id, 'r.patel'); // claiming one's own claim again changes nothing
    await expectRectoError(storage.review.claim(item.id, 'j.okafor'), 'REVIEW_CONFLICT');
    await expectRectoError(storage.review.decide(item.id, 'j.okafor', 'approved'), 'REVIEW_CONFLICT');
    await storage.review.correct(item.id, 'r.patel', { nhsNumber: '9990000018', birthDate: '1950-02-01' });
    const corrected = await storage.review.correct(item.id, 'r.patel', { birthDate: null });
    expect(corrected.corrections).toEqual({ nhsNumber: '9990000018' });
    const decided = await storage.review.decide(item.id, 'r.patel', 'approved', 'checked against the ward list');
    expect(decided).toMatchObject({ status: 'approved', decidedBy: 'r.patel', note: 'checked against the ward list' });
    await expectRectoError(storage.review.decide(item.id, 'r.patel', 'rejected'), 'REVIEW_CONFLICT');

    const trail = await storage.audit.trailOf(item.id);
    expect(trail.map((event) => [event.actor, event.action])).toEqual([
      ['recto', 'review.opened'],
      ['r.patel', 'review.claimed'],
      ['r.patel', 'review.corrected'],
      ['r.patel', 'review.corrected'],
      ['r.patel', 'review.approved'],
    ]);
    expect(trail[2]).toMatchObject({ before: { corrections: {} }, after: { corrections: { nhsNumber: '9990000018', birthDate: '1950-02-01' } } });
    expect(trail[3]).toMatchObject({ before: { corrections: { birthDate: '1950-02-01' } }, after: { corrections: { nhsNumber: '9990000018' } } });
    expect(trail[4]).toMatchObject({ before: { status: 'claimed' }, after: { status: 'approved', decidedBy: 'r.patel' } });
    expect(trail.every((event) => !Number.isNaN(Date.parse(event.at)))).toBe(true);

    // A decided item frees the document for a new review if one is needed later.
    const next = await storage.review.openItem({ documentId, reasons, extracted: {} });
    expect(next.created).toBe(true);
  });

  it("names a document's current item: the live one, else the newest decided one, else none", async () => {
    const documentId = await newDocumentId();
    await expect(storage.review.currentItemOf(documentId)).resolves.toBeNull();
    const { item: first } = await storage.review.openItem({ documentId, reasons, extracted: {} });
    await expect(storage.review.currentItemOf(documentId)).resolves.toMatchObject({ id: first.id, status: 'open' });
    await storage.review.claim(first.id, 'r.patel');
    await storage.review.decide(first.id, 'r.patel', 'rejected', 'not our patient');
    await expect(storage.review.currentItemOf(documentId)).resolves.toMatchObject({ id: first.id, status: 'rejected' });
    const { item: second } = await storage.review.openItem({ documentId, reasons, extracted: {} });
    await expect(storage.review.currentItemOf(documentId)).resolves.toMatchObject({ id: second.id, status: 'open' });
    await storage.review.claim(second.id, 'r.patel');
    await storage.review.decide(second.id, 'r.patel', 'rejected');
    // Both decided: the newer one.
    await expect(storage.review.currentItemOf(documentId)).resolves.toMatchObject({ id: second.id });
  });

  it('gives a released item back to the queue for someone else', async () => {
    const { item } = await storage.review.openItem({ documentId: await newDocumentId(), reasons, extracted: {} });
    await storage.review.claim(item.id, 'r.patel');
    await expectRectoError(storage.review.release(item.id, 'j.okafor'), 'REVIEW_CONFLICT');
    await storage.review.release(item.id, 'r.patel');
    await expect(storage.review.claim(item.id, 'j.okafor')).resolves.toMatchObject({ status: 'claimed', claimedBy: 'j.okafor' });
  });

  it('lists items oldest first, a page at a time, by status', async () => {
    const opened: string[] = [];
    for (let n = 0; n < 5; n++) opened.push((await storage.review.openItem({ documentId: await newDocumentId(), reasons, extracted: {} })).item.id);
    const all: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await storage.review.listItems({ limit: 3, cursor });
      all.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(all).toEqual([...all].sort());
    expect(all).toEqual(expect.arrayContaining(opened));
    const open = await storage.review.listItems({ status: 'open', limit: 500 });
    expect(open.items.every((item) => item.status === 'open')).toBe(true);
    await expectRectoError(storage.review.listItems({ limit: 5, cursor: 'doc_nonsense' }), 'INVALID_CURSOR');
    await expectRectoError(storage.review.claim('rev_00000000000000000000000000', 'r.patel'), 'REVIEW_ITEM_NOT_FOUND');
  });

  it('keeps the audit trail append-only, even against direct SQL', async () => {
    await storage.audit.append({ actor: 'recto', action: 'document.filed', subjectId: 'doc_test', before: null, after: { nhsNumber: '9990000018' } });
    const db = new Database(path.join(dir, 'recto.sqlite'));
    try {
      expect(() => db.prepare("UPDATE audit_events SET actor = 'someone else'").run()).toThrow(/append-only/);
      expect(() => db.prepare('DELETE FROM audit_events').run()).toThrow(/append-only/);
    } finally {
      db.close();
    }
    expect(await storage.audit.trailOf('doc_test')).toEqual([expect.objectContaining({ action: 'document.filed', actor: 'recto' })]);
  });
});

describe('deliveries', () => {
  it('records each try per sink, keeping the receipt once delivered', async () => {
    const documentId = await newDocumentId();
    await storage.deliveries.record(documentId, 'fhir', { status: 'pending' });
    const error = new RectoError('SINK_UNAVAILABLE', 'connection refused').toJSON();
    await storage.deliveries.record(documentId, 'fhir', { status: 'failed', error });
    await storage.deliveries.record(documentId, 'fhir', { status: 'delivered', receipt: { remoteId: 'DocumentReference/1' } });
    await storage.deliveries.record(documentId, 'file-drop', { status: 'delivered', receipt: { remoteId: 'lg/1of1.pdf' } });
    const deliveries = await storage.deliveries.listOf(documentId);
    expect(deliveries).toEqual([
      expect.objectContaining({ sink: 'fhir', status: 'delivered', attempts: 2, error: null, receipt: { remoteId: 'DocumentReference/1' } }),
      expect.objectContaining({ sink: 'file-drop', status: 'delivered', attempts: 1 }),
    ]);
  });
});
