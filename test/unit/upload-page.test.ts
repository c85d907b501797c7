import { describe, expect, it } from 'vitest';
import { type DocumentView, progressOf } from '../../src/api/document-view.ts';
import type { Identity } from '../../src/auth/roles.ts';
import { RectoError } from '../../src/core/errors.ts';
import type { DeliveryRecord } from '../../src/storage/delivery-store.ts';
import type { FilingState, PageRecord } from '../../src/storage/storage.ts';
import { type DocumentsListing, documentsTable, inFlight } from '../../src/web/documents-table.ts';
import { uploadPage } from '../../src/web/upload-page.ts';

/** The records staff's page: each document's capture and filing, what went wrong and what to do, and the one action that fits. */

let next = 0;
function documentView(change: Partial<DocumentView>): DocumentView {
  next++;
  return {
    id: `doc_01JZ00000000000000000000${String(next).padStart(2, '0')}`,
    sha256: 'ab'.repeat(32),
    originalKey: `sha256/ab/ab/${'ab'.repeat(32)}`,
    fileName: `ward7-00${next}.png`,
    sizeBytes: 1234,
    format: 'png',
    status: 'done',
    pageCount: 1,
    error: null,
    metadata: {},
    outputs: { pdfKey: 'sha256/cd/cd/pdf', textKey: null, sidecarKey: null },
    attempts: 1,
    filing: null,
    timingsMs: {},
    createdAt: '2026-03-16T09:30:00.000Z',
    updatedAt: '2026-03-16T09:31:00.000Z',
    progress: { pageCount: 1, pagesCleaned: 1, pagesRead: 1 },
    reviewItemId: null,
    outcome: null,
    ...change,
  };
}

const filing = (status: FilingState['status'], error: FilingState['error'] = null): FilingState => ({ status, error, attempts: 1, updatedAt: '2026-03-16T09:32:00.000Z' });
const NOW = Date.parse('2026-03-16T10:00:00.000Z');
const listing = (documents: DocumentView[], change: Partial<DocumentsListing> = {}): DocumentsListing => ({ documents, nextCursor: null, filters: {}, filingOn: true, now: NOW, ...change });
const person = (...roles: Identity['roles']): Identity => ({ id: 'user:rita', displayName: 'Rita Officer', roles, method: 'password' });

/** The table row of one document, as markup. */
function rowOf(page: string, id: string): string {
  const start = page.indexOf(`data-document-id="${id}"`);
  expect(start, id).toBeGreaterThan(0);
  return page.slice(start, page.indexOf('</tr>', start));
}

describe('the upload page', () => {
  it('shows where each document went: the patient and how, the first reason, the rejection, and retrying deliveries', () => {
    const none = { patient: null, how: null, by: null, at: null, reviewItemId: null, reasons: [], note: null, error: null };
    const automatic = documentView({
      filing: filing('filed'),
      outcome: { ...none, status: 'filed', patient: { nhsNumber: '9993048143', name: 'Evelyn <b>Rose</b> Marchetti' }, how: 'automatically', at: '2026-03-16T09:32:00.000Z' },
    });
    const approved = documentView({
      filing: filing('review'),
      reviewItemId: 'rev_01JZ0000000000000000000001',
      outcome: { ...none, status: 'filed', patient: { nhsNumber: '9993769789', name: 'Stanley Bradwell' }, how: 'approved', by: 'user:r.patel', reviewItemId: 'rev_01JZ0000000000000000000001' },
    });
    const waiting = documentView({
      filing: filing('review'),
      outcome: {
        ...none,
        status: 'review',
        reasons: [
          { code: 'NAME_DISAGREES', message: 'The name "O\'Brien <script>" differs from the index' },
          { code: 'LOW_CONFIDENCE', message: 'Read with low confidence' },
        ],
      },
    });
    const rejected = documentView({ filing: filing('review'), outcome: { ...none, status: 'rejected', by: 'user:r.patel', note: 'Not ours & <i>another</i> trust' } });
    const deliveries = new Map([
      [
        automatic.id,
        [
          { documentId: automatic.id, sink: 'epr-fhir', status: 'retrying' as const, attempts: 1, receipt: null, error: null, updatedAt: '2026-03-16T09:32:00.000Z', nextAttemptAt: '2026-03-16T09:47:10.000Z' },
          { documentId: automatic.id, sink: 'lloyd-george', status: 'delivered' as const, attempts: 1, receipt: null, error: null, updatedAt: '2026-03-16T09:32:00.000Z', nextAttemptAt: null },
        ],
      ],
      [approved.id, [{ documentId: approved.id, sink: 'epr-fhir', status: 'failed' as const, attempts: 1, receipt: null, error: new RectoError('SINK_REJECTED', '422').toJSON(), updatedAt: '2026-03-16T09:40:00.000Z', nextAttemptAt: null }]],
    ]);
    const page = uploadPage(listing([automatic, approved, waiting, rejected], { deliveries }), person('records')).value;

    const automaticRow = rowOf(page, automatic.id);
    expect(automaticRow).toContain('nhsuk-tag--green">Filed</strong>');
    expect(automaticRow).toContain('to 999 304 8143, Evelyn &lt;b&gt;Rose&lt;/b&gt; Marchetti (automatically)');
    expect(automaticRow).toContain('epr-fhir: Retrying at 09:47 UTC');
    expect(automaticRow).not.toContain('lloyd-george');

    const approvedRow = rowOf(page, approved.id);
    expect(approvedRow).toContain('nhsuk-tag--green">Filed</strong>');
    expect(approvedRow).toContain('to 999 376 9789, Stanley Bradwell (approved by user:r.patel)');
    expect(approvedRow).toContain('epr-fhir: Delivery failed (SINK_REJECTED)');

    const waitingRow = rowOf(page, waiting.id);
    expect(waitingRow).toContain('nhsuk-tag--yellow">In review</strong>');
    expect(waitingRow).toContain('The name &quot;O&#39;Brien &lt;script&gt;&quot; differs from the index (and 1 more)');
    expect(waitingRow).not.toContain('<script>');

    const rejectedRow = rowOf(page, rejected.id);
    expect(rejectedRow).toContain('nhsuk-tag--grey">Rejected</strong>');
    expect(rejectedRow).toContain('by user:r.patel: Not ours &amp; &lt;i&gt;another&lt;/i&gt; trust');
  });

  it('shows where filing stands, the error with what to do, and Retry or Re-file only for what failed', () => {
    const indexDown = new RectoError('PATIENT_INDEX_UNAVAILABLE', 'Searching http://127.0.0.1:9/fhir for an NHS number: connection refused').toJSON();
    const failedFiling = documentView({ filing: filing('failed', indexDown) });
    const filed = documentView({ filing: filing('filed') });
    const notFiled = documentView({ filing: null });
    const corrupt = new RectoError('CORRUPT_PDF', 'x.pdf: cut short').toJSON();
    const failedCapture = documentView({ status: 'failed', error: corrupt, outputs: { pdfKey: null, textKey: null, sidecarKey: null } });
    const page = uploadPage(listing([failedFiling, filed, notFiled, failedCapture]), person('records')).value;

    expect(page).toContain('<th class="nhsuk-table__header" scope="col">Filing</th>');
    const failedRow = rowOf(page, failedFiling.id);
    expect(failedRow).toContain('nhsuk-tag--red">Filing failed</strong>');
    expect(failedRow).toContain(`PATIENT_INDEX_UNAVAILABLE: ${indexDown.message}`);
    expect(failedRow).toContain(`What to do: ${indexDown.hint}`);
    expect(failedRow).toContain(`data-refile="${failedFiling.id}">Re-file`);
    expect(failedRow).not.toContain('data-retry');

    const filedRow = rowOf(page, filed.id);
    expect(filedRow).toContain('nhsuk-tag--green">Filed</strong>');
    expect(filedRow).not.toContain('<button');
    expect(rowOf(page, notFiled.id)).not.toContain('<button');

    const captureRow = rowOf(page, failedCapture.id);
    expect(captureRow).toContain('nhsuk-tag--red">Failed</strong>');
    expect(captureRow).toContain(`What to do: ${corrupt.hint}`);
    expect(captureRow).toContain(`data-retry="${failedCapture.id}">Retry`);
    expect(captureRow).not.toContain('data-refile');
    // The page's only scripts are Recto's own files: every page's (sign-out, skip link), then the upload page's.
    expect(page.match(/<script[^>]*>/g)).toEqual([
      '<script src="/assets/recto/session.js" defer>',
      '<script src="/assets/recto/skip-link.js" defer>',
      '<script src="/assets/recto/upload.js" defer>',
    ]);
  });

  it('shows a hostile file name as text, in the row and in its buttons and links', () => {
    const hostile = '<img src=x onerror=alert(1)>.png';
    const failed = documentView({ fileName: hostile, status: 'failed', error: new RectoError('CORRUPT_IMAGE', `${hostile}: cut short`).toJSON() });
    const inReview = documentView({ fileName: `"><script>alert(2)</script>.png`, filing: filing('review'), reviewItemId: 'rev_01JZ0000000000000000000001' });
    const page = documentsTable(listing([failed, inReview]), person('records', 'reviewer', 'clinician')).value;
    expect(page).not.toContain('<img');
    expect(page).not.toContain('<script');
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;.png');
    expect(page).toContain('&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;.png');
  });

  it('shows pages cleaned and read while a document is processed, and keeps the list live only while something moves', () => {
    const reading = documentView({ status: 'processing', pageCount: 5, progress: { pageCount: 5, pagesCleaned: 3, pagesRead: 2 }, outputs: { pdfKey: null, textKey: null, sidecarKey: null } });
    const queued = documentView({ status: 'queued', pageCount: null, progress: { pageCount: null, pagesCleaned: 0, pagesRead: 0 } });
    const page = documentsTable(listing([reading, queued]), person('records')).value;
    expect(rowOf(page, reading.id)).toContain('3 of 5 cleaned, 2 read');
    expect(rowOf(page, reading.id)).toContain('data-in-flight="true"');
    expect(page).toContain('<div id="documents-list" data-in-flight="2" data-only-retrying="0">');

    const at = (status: DocumentView['status'], filingState: FilingState | null, updatedAt = '2026-03-16T09:59:30.000Z') =>
      inFlight(documentView({ status, filing: filingState, updatedAt }), { filingOn: true, now: NOW });
    expect(at('done', filing('pending'))).toBe(true);
    expect(at('done', filing('review'))).toBe(false);
    expect(at('failed', null)).toBe(false);
    // Just captured with filing on: its filing is a moment away. Captured long ago: it never will be.
    expect(at('done', null)).toBe(true);
    expect(at('done', null, '2026-03-16T09:00:00.000Z')).toBe(false);
    expect(inFlight(documentView({ filing: null, updatedAt: '2026-03-16T09:59:30.000Z' }), { filingOn: false, now: NOW })).toBe(false);
  });

  it('keeps the list live, at the slower pace, while a filed document has a delivery the queue will try again', () => {
    const delivery = (documentId: string, status: DeliveryRecord['status']): DeliveryRecord => ({
      documentId, sink: 'epr', status, attempts: 2, receipt: null, error: null, updatedAt: '2026-03-16T09:59:00.000Z',
      nextAttemptAt: status === 'retrying' ? '2026-03-16T10:00:30.000Z' : null,
    });
    const retrying = documentView({ filing: filing('filed') });
    const delivered = documentView({ filing: filing('filed') });
    const reading = documentView({ status: 'processing', filing: null });
    const deliveries = new Map([[retrying.id, [delivery(retrying.id, 'delivered'), delivery(retrying.id, 'retrying')]], [delivered.id, [delivery(delivered.id, 'delivered')]]]);

    expect(inFlight(retrying, { filingOn: true, now: NOW, deliveries })).toBe(true);
    expect(inFlight(delivered, { filingOn: true, now: NOW, deliveries })).toBe(false);
    // Without the deliveries read (none, or a page that did not ask), filed is finished.
    expect(inFlight(retrying, { filingOn: true, now: NOW })).toBe(false);

    const onlyRetries = documentsTable(listing([retrying, delivered], { deliveries }), person('records')).value;
    expect(rowOf(onlyRetries, retrying.id)).toContain('data-in-flight="true"');
    expect(rowOf(onlyRetries, delivered.id)).toContain('data-in-flight="false"');
    expect(onlyRetries).toContain('<div id="documents-list" data-in-flight="1" data-only-retrying="1">');
    // Something else still moving: the page keeps its usual pace.
    const withCapture = documentsTable(listing([retrying, reading], { deliveries }), person('records')).value;
    expect(withCapture).toContain('<div id="documents-list" data-in-flight="2" data-only-retrying="1">');
  });

  it('links a reviewer to the review item and a reader to the PDF; records staff without those roles get neither link', () => {
    const inReview = documentView({ filing: filing('review'), reviewItemId: 'rev_01JZ0000000000000000000009' });
    const asReviewer = rowOf(documentsTable(listing([inReview]), person('records', 'reviewer')).value, inReview.id);
    expect(asReviewer).toContain('href="/review/rev_01JZ0000000000000000000009"');
    expect(asReviewer).toContain(`href="/v1/documents/${inReview.id}/pdf"`);
    const asRecords = rowOf(documentsTable(listing([inReview]), person('records')).value, inReview.id);
    expect(asRecords).not.toContain('href=');
    expect(asRecords).toContain('Waiting for a reviewer');
  });

  it('keeps the filters in the form and in the link to older documents', () => {
    const page = uploadPage(listing([documentView({})], { filters: { status: 'done', filing: 'review' }, nextCursor: 'doc_01JZ00000000000000000000AA' }), person('records')).value;
    expect(page).toContain('<option value="done" selected>Done</option>');
    expect(page).toContain('<option value="review" selected>In review</option>');
    expect(page).toContain('href="/upload?status=done&amp;filing=review&amp;cursor=doc_01JZ00000000000000000000AA#documents"');
  });
});

describe('capture progress', () => {
  const page = (index: number, status: PageRecord['status']): PageRecord => ({
    documentId: 'doc_x',
    index,
    status,
    imageKey: null,
    cleanedKey: null,
    ocrKey: null,
    error: null,
    timingsMs: {},
    updatedAt: '2026-03-16T09:30:00.000Z',
  });

  it('counts pages cleaned (read ones included) and read from the page records while processing; done is every page, queued none', () => {
    const processing = documentView({ status: 'processing', pageCount: 4 });
    expect(progressOf(processing, [page(0, 'ocr_done'), page(1, 'cleaned'), page(2, 'split'), page(3, 'failed')])).toEqual({ pageCount: 4, pagesCleaned: 2, pagesRead: 1 });
    expect(progressOf(documentView({ status: 'done', pageCount: 3 }), null)).toEqual({ pageCount: 3, pagesCleaned: 3, pagesRead: 3 });
    expect(progressOf(documentView({ status: 'queued', pageCount: null }), null)).toEqual({ pageCount: null, pagesCleaned: 0, pagesRead: 0 });
  });
});
