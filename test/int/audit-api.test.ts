import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RectoError } from '../../src/core/errors.ts';
import { createFakeOcrEngine } from '../support/fake-ocr-engine.ts';
import { type QueueHarness, startQueueHarness } from '../support/queue-harness.ts';
import { uploadScan } from '../support/service-client.ts';
import { oneLineScan } from '../support/text-image.ts';
import { apiFetch, startTestApi, type TestApi } from '../support/test-api.ts';

/** The audit trail as admins reach it over HTTP: CSV export, the chain check, who viewed a patient's documents. */

let harness: QueueHarness;
let api: TestApi;

beforeAll(async () => {
  harness = await startQueueHarness('audit-api', createFakeOcrEngine());
  api = await startTestApi(harness, { review: harness.review });
});

afterAll(async () => {
  await api?.app.close();
  await harness?.stop();
});

describe('no audit, no answer', () => {
  it('serves nothing whose access could not be written to the audit trail, and nothing behind sign-in is cached', async () => {
    const { id } = await uploadScan(api.as('records'), await oneLineScan('Clinic note audit down'), 'audit-down.png');
    const normal = await apiFetch(api.as('clinician'), `/v1/documents/${id}`);
    expect(normal.headers.get('cache-control')).toBe('no-store');
    const auditDown = await startTestApi(harness, {
      audit: async () => {
        throw new RectoError('STORAGE_UNAVAILABLE', 'the audit log could not be written (disk full)');
      },
    });
    try {
      const answer = await apiFetch(auditDown.as('clinician'), `/v1/documents/${id}`);
      expect(answer.status).toBe(503);
      const text = await answer.text();
      expect(JSON.parse(text)).toMatchObject({ code: 'STORAGE_UNAVAILABLE' });
      expect(text).not.toContain('audit-down.png');
    } finally {
      await auditDown.app.close();
    }
  });
});

describe('the audit trail for admins', () => {
  it('exports every access as CSV with formula-like values neutralised, verifies the chain, and lists who viewed a patient\'s documents', async () => {
    const { id } = await uploadScan(api.as('records'), await oneLineScan('Clinic note for the audit export'), '=HYPERLINK("http://evil.example").png');
    // Filed to a patient (as filing records it), then read by a clinician.
    await harness.storage.audit.append({ actor: 'recto', action: 'document.filed', subjectId: id, after: { nhsNumber: '9990000026' }, patientNhsNumber: '9990000026' });
    await (await apiFetch(api.as('clinician'), `/v1/documents/${id}/text`)).arrayBuffer();
    // A list that shows the document (its file name, upload details) is a view of it too.
    await (await apiFetch(api.as('records'), '/v1/documents?limit=10')).arrayBuffer();

    const csv = await apiFetch(api.as('admin'), '/v1/admin/audit.csv');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-disposition')).toContain('recto-audit.csv');
    const rows = parse(await csv.text(), { columns: true }) as Array<Record<string, string>>;
    expect(rows.some((row) => row.action === 'document.uploaded' && row.subject_id === id)).toBe(true);
    expect(rows.some((row) => row.action === 'document.text.viewed' && row.actor.startsWith('token:') && row.ip === '127.0.0.1')).toBe(true);
    for (const row of rows) for (const cell of Object.values(row)) expect(cell).not.toMatch(/^[=+\-@\t\r]/);

    const verified = (await (await apiFetch(api.as('admin'), '/v1/admin/audit/verify')).json()) as { ok: boolean; events: number };
    expect(verified).toMatchObject({ ok: true });
    expect(verified.events).toBeGreaterThanOrEqual(rows.length);

    const viewers = (await (await apiFetch(api.as('admin'), '/v1/admin/patients/999 000 0026/viewers')).json()) as { accesses: Array<{ action: string; actor: string; subjectId: string }> };
    expect(viewers.accesses).toEqual([
      expect.objectContaining({ action: 'document.text.viewed', subjectId: id, actor: expect.stringMatching(/^token:/) }),
      expect.objectContaining({ action: 'document.list.viewed', subjectId: '/v1/documents', actor: expect.stringMatching(/^token:/) }),
    ]);
    expect((await apiFetch(api.as('admin'), '/v1/admin/patients/9990000027/viewers')).status).toBe(400);
    expect((await apiFetch(api.as('clinician'), '/v1/admin/audit.csv')).status).toBe(403);
  });
});
