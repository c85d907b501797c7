import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SearchPage } from '../../src/search/search-index.ts';
import { createFakeOcrEngine } from '../support/fake-ocr-engine.ts';
import { type QueueHarness, startQueueHarness } from '../support/queue-harness.ts';
import { uploadUntilDone } from '../support/service-client.ts';
import { apiFetch, startTestApi, type TestApi } from '../support/test-api.ts';
import { oneLineScan } from '../support/text-image.ts';

/**
 * Search without a trust configuration: nothing files documents, so each is indexed once it is
 * assembled, by its words, under no patient, whatever NHS number the page carries.
 */

let harness: QueueHarness;
let api: TestApi;

beforeAll(async () => {
  harness = await startQueueHarness('search-capture', createFakeOcrEngine(['NHS No 999 636 9668', 'Discharge summary for Test Patient', 'Quillwort ointment applied twice daily']));
  api = await startTestApi(harness);
});

afterAll(async () => {
  await api?.app.close();
  await harness?.stop();
});

const getPage = async (route: string): Promise<SearchPage> => {
  const response = await apiFetch(api.as('reviewer'), route);
  expect(response.status).toBe(200);
  return response.json();
};

describe('a captured document with no filing configured', () => {
  it('is searchable by its words as soon as it is done, attributed to no patient', async () => {
    const id = await uploadUntilDone(api.as('records'), await oneLineScan('Quillwort ointment applied twice daily to the rash'), 'discharge.png');
    const { hits } = await getPage('/v1/search?q=quillwort');
    expect(hits).toEqual([expect.objectContaining({ documentId: id, fileName: 'discharge.png', nhsNumber: null, patientName: null, patientConfirmed: false, filedAt: null })]);
    expect(hits[0].pages[0].snippet.filter((segment) => segment.hit).map((segment) => segment.text)).toEqual(['Quillwort']);
    // The NHS number on the page was never confirmed: no patient's search or timeline shows it.
    expect((await getPage('/v1/search?q=quillwort&nhsNumber=9996369668')).hits).toEqual([]);
    expect((await getPage('/v1/patients/9996369668/documents')).hits).toEqual([]);
  });
});
