import { describe, expect, it } from 'vitest';
import { RectoError } from '../../src/core/errors.ts';
import type { DocumentRecord, FilingState } from '../../src/storage/storage.ts';
import { uploadPage } from '../../src/web/upload-page.ts';

/** The records staff's page of recent documents: capture status, where filing stands, and the one action that fits. */

let next = 0;
function documentRecord(change: Partial<DocumentRecord>): DocumentRecord {
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
    outputs: { pdfKey: null, textKey: null, sidecarKey: null },
    attempts: 1,
    filing: null,
    timingsMs: {},
    createdAt: '2026-03-16T09:30:00.000Z',
    updatedAt: '2026-03-16T09:31:00.000Z',
    ...change,
  };
}

const filing = (status: FilingState['status'], error: FilingState['error'] = null): FilingState => ({ status, error, attempts: 1, updatedAt: '2026-03-16T09:32:00.000Z' });

/** The table row of one document, as markup. */
function rowOf(page: string, id: string): string {
  const start = page.indexOf(`data-document-id="${id}"`);
  expect(start, id).toBeGreaterThan(0);
  return page.slice(start, page.indexOf('</tr>', start));
}

describe('the upload page', () => {
  it('shows where filing stands, the filing error when it failed, and Re-file only for a failed filing', () => {
    const indexDown = new RectoError('PATIENT_INDEX_UNAVAILABLE', 'Searching http://127.0.0.1:9/fhir for an NHS number: connection refused').toJSON();
    const failedFiling = documentRecord({ filing: filing('failed', indexDown) });
    const filed = documentRecord({ filing: filing('filed') });
    const notFiled = documentRecord({ filing: null });
    const failedCapture = documentRecord({ status: 'failed', error: new RectoError('CORRUPT_PDF', 'x.pdf: cut short').toJSON() });
    const page = uploadPage([failedFiling, filed, notFiled, failedCapture], null).value;

    expect(page).toContain('<th class="nhsuk-table__header" scope="col">Filing</th>');
    const failedRow = rowOf(page, failedFiling.id);
    expect(failedRow).toContain('nhsuk-tag--red">failed</strong>');
    expect(failedRow).toContain(`PATIENT_INDEX_UNAVAILABLE: ${indexDown.hint}`);
    expect(failedRow).toContain(`data-refile="${failedFiling.id}">Re-file</button>`);
    expect(failedRow).not.toContain('data-retry');

    const filedRow = rowOf(page, filed.id);
    expect(filedRow).toContain('nhsuk-tag--green">filed</strong>');
    expect(filedRow).not.toContain('<button');
    expect(rowOf(page, notFiled.id)).not.toContain('<button');

    const captureRow = rowOf(page, failedCapture.id);
    expect(captureRow).toContain(`data-retry="${failedCapture.id}">Retry</button>`);
    expect(captureRow).not.toContain('data-refile');
  });
});
