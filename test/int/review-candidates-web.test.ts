import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser } from '../../src/auth/accounts.ts';
import { openCsvPatientIndex } from '../../src/matching/csv-patient-index.ts';
import { launchChromium, signInThroughPage } from '../support/browser.ts';
import { createFakeOcrEngine } from '../support/fake-ocr-engine.ts';
import { type QueueHarness, startQueueHarness } from '../support/queue-harness.ts';
import { SAMPLES_DIR } from '../support/samples.ts';
import { uploadUntilDone } from '../support/service-client.ts';
import { reviewOnlyFiling } from '../support/review-only-filing.ts';
import { startTestApi, TEST_PASSWORD, type TestApi } from '../support/test-api.ts';
import { writeTestTrust } from '../support/test-trust.ts';

/**
 * The "Candidate patients" panel of the review item page in a real Chromium, over the real API
 * and storage, with the test trust's CSV patient index (invented patients). "Filing" records a
 * delivery, so the page can say where the document went.
 */

const ARTIFACTS = path.join(import.meta.dirname, '../../.test-artifacts/review-candidates-web');
/** Arthur Pennington's clinic letter, as the fake OCR engine reads it; he is in the example index. */
const PAGE = ['Patient: Mr Arthur Pennington', 'DOB: 03/11/1951', 'Hospital No: NB4417203', 'Clinic Letter'];

let harness: QueueHarness;
let api: TestApi;
let browser: Browser;
let reviewer: BrowserContext;
let documentId: string;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  harness = await startQueueHarness('candidates-web', createFakeOcrEngine(PAGE));
  const { configDir } = writeTestTrust('candidates-web', { name: 'drop', type: 'file-drop' });
  const index = await openCsvPatientIndex(path.join(configDir, 'patients.csv'));
  api = await startTestApi(harness, {
    review: harness.review,
    filing: reviewOnlyFiling(harness, index, 'drop'),
  });
  await addUser(harness.storage.auth, { name: 'r.patel', displayName: 'Dr R Patel', roles: ['reviewer'], password: TEST_PASSWORD });
  documentId = await uploadUntilDone(api.as('records'), readFileSync(path.join(SAMPLES_DIR, 'clean-letter.png')), 'clean-letter.png');
  browser = await launchChromium();
  reviewer = await browser.newContext();
  await signInThroughPage(reviewer, api.url, 'r.patel');
});

afterAll(async () => {
  await reviewer?.close();
  await browser?.close();
  await api?.app.close();
  await harness?.stop();
});

const at = (y: number) => ({ page: 0, bbox: { x0: 100, y0: y, x1: 600, y1: y + 60 } });

const dateOfBirth = (page: Page) =>
  Promise.all(['Day', 'Month', 'Year'].map((box) => page.getByRole('group', { name: 'Date of birth' }).getByLabel(box).inputValue())).then((boxes) => boxes.join('/'));

describe('candidate patients on the review item page', () => {
  it('lists the candidate, fills the identity from the index with the keyboard, refuses one the page does not show, and files the one it does', async () => {
    const { item } = await harness.review.openItem({
      documentId,
      reasons: [{ code: 'NO_NHS_NUMBER', message: 'The page shows no NHS number' }],
      extracted: {
        nhsNumbers: [],
        mrns: [{ value: 'NB4417203', raw: 'NB4417203', confidence: 90, foundAt: at(400) }],
        patientName: { value: { given: ['Arthur'], family: 'Pennington', text: 'Mr Arthur Pennington' }, raw: 'Mr Arthur Pennington', confidence: 90, foundAt: at(200) },
        birthDate: { value: '1951-11-03', raw: '03/11/1951', confidence: 90, foundAt: at(300) },
        documentType: { key: 'clinic-letter', snomedCode: '371531000', display: 'Report of clinical encounter', confidence: 80, evidence: [] },
      },
    });
    const page = await reviewer.newPage();
    try {
      await page.goto(`${api.url}/review/${item.id}`);
      // Opening claims the item and reloads; then the candidates are listed.
      await page.waitForFunction(() => document.getElementById('review-item')?.dataset.status === 'claimed');
      const panel = page.locator('#candidates');
      const arthur = panel.locator('tbody tr', { hasText: 'Arthur Pennington' });
      await arthur.waitFor();
      await expect(arthur.innerText()).resolves.toMatch(/999 636 9668\s+03\/11\/1951\s+NB4417203\s+hospital number, name and date of birth\s+family name, first name, date of birth, hospital number/);
      await expect(page.locator('#candidates-status').innerText()).resolves.toBe('1 candidate patient.');
      // The identity still starts empty: nothing is filled until the reviewer chooses.
      await expect(page.getByLabel('NHS number (10 digits)').inputValue()).resolves.toBe('');
      await page.screenshot({ path: path.join(ARTIFACTS, 'candidates-listed.png'), fullPage: true });

      // A search for someone the page does not show: the index has them, the page does not.
      await panel.getByLabel('Last name').fill('Bradwell');
      await panel.getByLabel('Date of birth').fill('12/06/1939');
      await panel.getByLabel('Date of birth').press('Enter');
      const stanley = panel.locator('tbody tr', { hasText: 'Stanley Bradwell' });
      await stanley.waitFor();
      await expect(stanley.innerText()).resolves.toMatch(/none of their details/);
      // By keyboard: focus the row's button and press Enter.
      await stanley.getByRole('button', { name: 'Use this patient' }).focus();
      await page.keyboard.press('Enter');
      await expect(page.getByLabel('NHS number (10 digits)').inputValue()).resolves.toBe('9993769789');
      await expect(page.locator('#identity-source').inputValue()).resolves.toBe('candidate');
      await page.getByRole('button', { name: 'Approve and file' }).click();
      await page.waitForFunction(() => /the page does not show them/.test(document.getElementById('problem-text')!.textContent ?? ''));
      expect((await harness.review.getItem(item.id))?.status).toBe('claimed');

      // Back to the page's own patient, found by the hospital number searched for.
      await panel.getByLabel('Last name').fill('');
      await panel.getByLabel('Date of birth').fill('');
      await panel.getByLabel('Hospital number').fill('nb4417203');
      await panel.getByRole('button', { name: 'Search the index' }).click();
      await arthur.waitFor();
      await arthur.getByRole('button', { name: 'Use this patient' }).focus();
      await page.keyboard.press('Enter');
      await expect(page.getByLabel('NHS number (10 digits)').inputValue()).resolves.toBe('9996369668');
      await expect(page.getByLabel('First name(s)').inputValue()).resolves.toBe('Arthur');
      await expect(page.locator('#corrections').getByLabel('Family name').inputValue()).resolves.toBe('Pennington');
      await expect(dateOfBirth(page)).resolves.toBe('03/11/1951');
      await expect(page.getByLabel('Hospital number (optional)').inputValue()).resolves.toBe('NB4417203');
      await expect(page.locator('#from-candidate-text').innerText()).resolves.toMatch(/Filled from the index: Arthur Pennington/);
      await page.screenshot({ path: path.join(ARTIFACTS, 'candidate-used.png'), fullPage: true });

      await page.getByRole('button', { name: 'Approve and file' }).click();
      await page.locator('#outcome').waitFor();
      await expect(page.locator('#outcome h2').innerText()).resolves.toBe('Approved: filed to 999 636 9668, Arthur Pennington');
      await expect(page.locator('#deliveries').innerText()).resolves.toMatch(/drop\s+delivered/);
      await page.screenshot({ path: path.join(ARTIFACTS, 'approved-from-candidate.png'), fullPage: true });
    } finally {
      await page.close();
    }
    const decided = await harness.review.getItem(item.id);
    expect(decided).toMatchObject({ status: 'approved', corrections: { nhsNumber: '9996369668', given: ['Arthur'], family: 'Pennington', birthDate: '1951-11-03', mrn: 'NB4417203' } });
    const approval = (await harness.storage.audit.trailOf(item.id)).find((event) => event.action === 'review.approved');
    expect(approval?.after).toMatchObject({ resolutions: expect.arrayContaining([expect.objectContaining({ code: 'IDENTITY_FROM_CANDIDATE', resolvedBy: 'candidate-on-page' })]) });
  });
});
