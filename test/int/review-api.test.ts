import { readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReviewItem } from '../../src/review/review-store.ts';
import { createFakeOcrEngine } from '../support/fake-ocr-engine.ts';
import { type QueueHarness, startQueueHarness } from '../support/queue-harness.ts';
import { SAMPLES_DIR } from '../support/samples.ts';
import { uploadUntilDone } from '../support/service-client.ts';
import { type ApiTarget, apiFetch, startTestApi, type TestApi } from '../support/test-api.ts';

/** The review API on a real loopback server over real storage, with a real processed document. */

let harness: QueueHarness;
let api: TestApi;
const reviewers = new Map<string, ApiTarget>();
let documentId: string;
const approved: ReviewItem[] = [];

beforeAll(async () => {
  harness = await startQueueHarness('review', createFakeOcrEngine());
  api = await startTestApi(harness, {
    review: harness.review,
    onApproved: async (item) => {
      approved.push(item);
    },
  });
  for (const name of ['r.patel', 'j.okafor']) reviewers.set(name, await api.user(name, ['reviewer']));
  documentId = await uploadUntilDone(api.as('records'), readFileSync(path.join(SAMPLES_DIR, 'clean-letter.png')), 'clean-letter.png');
});

afterAll(async () => {
  await api?.app.close();
  await harness?.stop();
});

const extracted = {
  nhsNumbers: [{ value: '9990000018', raw: '999 000 0018', confidence: 91, foundAt: { page: 0, bbox: { x0: 300, y0: 400, x1: 700, y1: 440 } } }],
  mrns: [],
  birthDate: { value: '1950-02-01', raw: '01/02/1950', confidence: 88, foundAt: { page: 0, bbox: { x0: 300, y0: 460, x1: 560, y1: 500 } } },
  documentType: { key: 'clinic-letter', snomedCode: '371531000', display: 'Report of clinical encounter', confidence: 80, evidence: [] },
};

/** As a signed-in reviewer (by name), or with no credentials. */
function call(method: string, route: string, user?: string, body?: unknown): Promise<Response> {
  const target = user ? reviewers.get(user)! : api.anonymous;
  return apiFetch(target, route, { method, json: body ?? (method === 'GET' ? undefined : {}) });
}

/** What people and Recto did to an item, without the access events (views) that the one audit trail also holds. */
const DECISION_ACTIONS = new Set(['review.opened', 'review.claimed', 'review.released', 'review.corrected', 'review.approved', 'review.rejected']);

describe('the review queue over HTTP', () => {
  it('lists an item with its reasons and a crop of the page for each value read', async () => {
    const { item } = await harness.review.openItem({
      documentId,
      reasons: [{ code: 'NHS_NUMBER_NOT_IN_INDEX', message: 'not in the patient index' }],
      extracted,
    });
    const list = (await (await call('GET', '/v1/review?status=open', 'r.patel')).json()) as { items: Array<ReviewItem & { fields: Array<{ path: string; cropUrl: string }> }> };
    const listed = list.items.find((candidate) => candidate.id === item.id)!;
    expect(listed.reasons).toEqual([{ code: 'NHS_NUMBER_NOT_IN_INDEX', message: 'not in the patient index' }]);
    expect(listed.fields.map((field) => field.path).sort()).toEqual(['birthDate', 'nhsNumbers.0']);

    const crop = await apiFetch(reviewers.get('r.patel')!, `${listed.fields.find((field) => field.path === 'nhsNumbers.0')!.cropUrl}`);
    expect(crop.status).toBe(200);
    expect(crop.headers.get('content-type')).toBe('image/png');
    const meta = await sharp(Buffer.from(await crop.arrayBuffer())).metadata();
    // The words' box plus 40 px above, below and right, and to the left as far as a label may sit (here the page's edge).
    expect([meta.width, meta.height]).toEqual([700 + 40, 40 + 80]);
    expect((await call('GET', `/v1/review/${item.id}/crops/author`, 'r.patel')).status).toBe(404);
  });

  it('lets one reviewer claim, correct and approve; others get 409 problems; every step audited', async () => {
    const { item } = await harness.review.openItem({ documentId, reasons: [], extracted });
    expect((await call('POST', `/v1/review/${item.id}/claim`)).status).toBe(401); // who is acting must be signed in
    expect((await call('POST', `/v1/review/${item.id}/claim`, 'r.patel')).status).toBe(200);
    const taken = await call('POST', `/v1/review/${item.id}/claim`, 'j.okafor');
    expect(taken.status).toBe(409);
    expect(await taken.json()).toMatchObject({ code: 'REVIEW_CONFLICT', hint: expect.any(String) });

    const invalid = await call('PATCH', `/v1/review/${item.id}/fields`, 'r.patel', { corrections: { nhsNumber: '9990000019' } });
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as { detail: string }).detail).toMatch(/modulus 11/);
    expect((await call('PATCH', `/v1/review/${item.id}/fields`, 'r.patel', { corrections: { ward: '7' } })).status).toBe(400);
    const corrected = await call('PATCH', `/v1/review/${item.id}/fields`, 'r.patel', { corrections: { nhsNumber: '9990000026', birthDate: '1950-02-01' } });
    expect(corrected.status).toBe(200);
    expect(((await corrected.json()) as ReviewItem).corrections).toEqual({ nhsNumber: '9990000026', birthDate: '1950-02-01' });

    expect((await call('POST', `/v1/review/${item.id}/approve`, 'j.okafor', {})).status).toBe(409);
    // The item went to review for a reason: approving needs the patient's whole identity, not a click.
    const bare = await call('POST', `/v1/review/${item.id}/approve`, 'r.patel', { note: 'checked with the ward clerk' });
    expect(bare.status).toBe(422);
    expect(await bare.json()).toMatchObject({ code: 'APPROVAL_INCOMPLETE', detail: expect.stringMatching(/first name and family name/) });
    expect((await call('POST', `/v1/review/${item.id}/approve`, 'r.patel', { identity: { given: ['Arthur'] }, colour: 'blue' })).status).toBe(400);
    const done = await call('POST', `/v1/review/${item.id}/approve`, 'r.patel', { note: 'checked with the ward clerk', identity: { given: ['Arthur'], family: 'Pennington' } });
    expect(done.status).toBe(200);
    expect(((await done.json()) as ReviewItem).corrections).toEqual({ nhsNumber: '9990000026', birthDate: '1950-02-01', given: ['Arthur'], family: 'Pennington' });
    expect(approved.map((entry) => entry.id)).toContain(item.id);

    const trail = (await (await call('GET', `/v1/review/${item.id}/audit`, 'r.patel')).json()) as { events: Array<{ actor: string; action: string }> };
    expect(trail.events.filter((event) => DECISION_ACTIONS.has(event.action)).map((event) => `${event.actor} ${event.action}`)).toEqual([
      'recto review.opened',
      'user:r.patel review.claimed',
      'user:r.patel review.corrected',
      'user:r.patel review.approved',
    ]);
    // The approval names the patient in the audit log, so views of the item (and where from) are views of their record.
    expect(await harness.storage.audit.viewersOfPatient('9990000026')).toContainEqual(
      expect.objectContaining({ actor: 'user:r.patel', action: 'review.audit.viewed', subjectId: item.id, ip: expect.stringMatching(/127\.0\.0\.1/) }),
    );
  });

  it('documents the review routes in the OpenAPI description', async () => {
    const spec = (await (await apiFetch(api.as('admin'), '/docs/json')).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(spec.paths).filter((route) => route.startsWith('/v1/review')).sort()).toEqual([
      '/v1/review',
      '/v1/review/{id}',
      '/v1/review/{id}/approve',
      '/v1/review/{id}/audit',
      '/v1/review/{id}/candidates',
      '/v1/review/{id}/claim',
      '/v1/review/{id}/crops/{path}',
      '/v1/review/{id}/fields',
      '/v1/review/{id}/pages/{page}',
      '/v1/review/{id}/reject',
      '/v1/review/{id}/release',
    ]);
  });

  it('serves the whole page a value was read on, at screen resolution, never kept by the browser, and only that page', async () => {
    const { item } = await harness.review.openItem({ documentId, reasons: [{ code: 'NO_NHS_NUMBER', message: 'no NHS number' }], extracted });
    const whole = await call('GET', `/v1/review/${item.id}/pages/0`, 'r.patel');
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-type')).toBe('image/webp');
    expect(whole.headers.get('cache-control')).toBe('no-store'); // a shared workstation keeps no patient page
    const image = Buffer.from(await whole.arrayBuffer());
    const meta = await sharp(image).metadata();
    expect(meta.format).toBe('webp');
    expect(meta.width).toBeGreaterThan(700);
    expect(meta.width).toBeLessThanOrEqual(1600);
    expect((await call('GET', `/v1/review/${item.id}/pages/1`, 'r.patel')).status).toBe(404);
    expect((await call('GET', `/v1/review/${item.id}/pages/x`, 'r.patel')).status).toBe(400);
    // Asked again (a reload after a save), the same image.
    const again = await call('GET', `/v1/review/${item.id}/pages/0`, 'r.patel');
    expect(Buffer.from(await again.arrayBuffer()).equals(image)).toBe(true);
    await call('POST', `/v1/review/${item.id}/claim`, 'r.patel');
    expect((await call('POST', `/v1/review/${item.id}/reject`, 'r.patel')).status).toBe(200);
  });

  it('takes dates typed the UK way, stores them as YYYY-MM-DD, and refuses a month over 12 with why', async () => {
    const { item } = await harness.review.openItem({ documentId, reasons: [{ code: 'DOB_MISSING', message: 'no date of birth' }], extracted });
    expect((await call('POST', `/v1/review/${item.id}/claim`, 'r.patel')).status).toBe(200);
    const saved = await call('PATCH', `/v1/review/${item.id}/fields`, 'r.patel', { corrections: { birthDate: '12/06/1939', documentDate: '3-3-2025', documentType: 'discharge-summary' } });
    expect(saved.status).toBe(200);
    expect(((await saved.json()) as ReviewItem).corrections).toEqual({ birthDate: '1939-06-12', documentDate: '2025-03-03', documentType: 'discharge-summary' });
    const refused = await call('PATCH', `/v1/review/${item.id}/fields`, 'r.patel', { corrections: { birthDate: '06/13/1939', mrn: 'RX1' } });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ code: 'BAD_REQUEST', detail: expect.stringMatching(/date of birth "06\/13\/1939" cannot be right \(month over 12/) });
    // Nothing of a refused change is kept.
    expect((await harness.review.getItem(item.id))?.corrections).toEqual({ birthDate: '1939-06-12', documentDate: '2025-03-03', documentType: 'discharge-summary' });
    // The approval's identity takes a UK date too (checked, with no index here, for presence only).
    const approved = await call('POST', `/v1/review/${item.id}/approve`, 'r.patel', { identity: { nhsNumber: '9990000026', given: ['Arthur'], family: 'Pennington', birthDate: '12/06/1939' } });
    expect(approved.status).toBe(200);
    expect(((await approved.json()) as ReviewItem).corrections).toMatchObject({ birthDate: '1939-06-12' });
  });
});
