import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser } from '../../src/auth/accounts.ts';
import { RectoError } from '../../src/core/errors.ts';
import { launchChromium } from '../support/browser.ts';
import { createFakeOcrEngine } from '../support/fake-ocr-engine.ts';
import { type QueueHarness, startQueueHarness } from '../support/queue-harness.ts';
import { SAMPLES_DIR } from '../support/samples.ts';
import { waitUntil } from '../support/service-client.ts';
import { apiFetch, startTestApi, TEST_PASSWORD, type TestApi } from '../support/test-api.ts';

/**
 * The records staff's upload page in a real Chromium, over the real API, queue (fake OCR) and
 * filing with a trust configuration: a records officer who also reviews chooses scans, sees each
 * upload's result, watches the documents reach done and filed or in review without reloading,
 * retries a failed one, and follows a link to the review item. Screenshots of each step are kept
 * in .test-artifacts/records-web/ (git-ignored).
 */

const BAD_INPUT = path.resolve(import.meta.dirname, '../bad-input');
const ARTIFACTS = path.resolve(import.meta.dirname, '../../.test-artifacts/records-web');

let configDir: string;
let harness: QueueHarness;
let api: TestApi;
let base: string;
let browser: Browser;
let officer: BrowserContext;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  configDir = mkdtempSync(path.join(os.tmpdir(), 'recto-records-web-'));
  copyFileSync(path.join(SAMPLES_DIR, 'trust', 'patient-index.example.csv'), path.join(configDir, 'patients.csv'));
  writeFileSync(
    path.join(configDir, 'trust.json'),
    JSON.stringify({
      custodianOds: 'RZZ',
      patientIndex: { type: 'csv', path: 'patients.csv' },
      sinks: [{ name: 'lloyd-george', type: 'file-drop', folder: 'drop' }],
      routing: [{ sink: 'lloyd-george', documentTypes: ['gp-record'] }],
    }),
  );
  // The fake engine reads an NHS number that is not in the index on every page: filing sends each readable document to review.
  harness = await startQueueHarness('records-web', createFakeOcrEngine(), { trustConfig: path.join(configDir, 'trust.json') });
  api = await startTestApi(harness, { review: harness.review, filing: harness.filing });
  base = api.url;
  await addUser(harness.storage.auth, { name: 'rita.officer', displayName: 'Rita Officer', roles: ['records', 'reviewer'], password: TEST_PASSWORD });
  browser = await launchChromium();
  officer = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
});

afterAll(async () => {
  await officer?.close();
  await browser?.close();
  await api?.app.close();
  await harness?.stop();
  if (configDir) rmSync(configDir, { recursive: true, force: true });
});

const snap = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
const uploadRow = (page: Page, name: string) => page.locator('#uploads tbody tr', { hasText: name });
const documentRow = (page: Page, name: string) => page.locator('#documents tbody tr', { hasText: name });

describe('the upload page', () => {
  it('takes many scans, answers each, follows each document live to filed or review, retries a failed one and leads to its review item', async () => {
    const page = await officer.newPage();
    const scriptErrors: string[] = [];
    page.on('pageerror', (error) => scriptErrors.push(error.message));
    // Refused uploads log their 4xx answers; a script the Content-Security-Policy blocked would log too.
    // (Anything else the CSP refuses on any page is caught by offline-pages.test.ts.)
    page.on('console', (message) => {
      if (message.type() === 'error' && /script-src|inline script|inline event handler/i.test(message.text())) scriptErrors.push(message.text());
    });
    try {
      await page.goto(`${base}/upload`);
      await page.waitForURL(`${base}/sign-in?returnTo=%2Fupload`);
      await page.getByLabel('User name').fill('rita.officer');
      await page.getByLabel('Password').fill(TEST_PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(`${base}/upload`);
      await expect(page.locator('#documents tbody').innerText()).resolves.toContain('No documents yet');
      // Set on this page only: still there at the end means the list was updated without reloading.
      await page.evaluate(() => Object.assign(window, { stillThisPage: true }));

      // Three scans chosen at once: two good ones, one that is not an image at all, one cut short.
      await page.getByLabel(/Scans \(PDF, TIFF, PNG or JPEG\)/).setInputFiles([
        path.join(SAMPLES_DIR, 'clean-letter.png'),
        path.join(SAMPLES_DIR, 'blank-page.png'),
        path.join(BAD_INPUT, 'text-file-named.png'),
        path.join(BAD_INPUT, 'truncated.png'),
      ]);
      await page.getByText(/^4 of 4 sent: 3 accepted, 0 already uploaded, 1 refused\.$/).waitFor();
      const wrongType = new RectoError('WRONG_FILE_TYPE', 'x');
      await expect(uploadRow(page, 'text-file-named.png').innerText()).resolves.toContain(`What to do: ${wrongType.hint}`);
      await expect(uploadRow(page, 'text-file-named.png').innerText()).resolves.toMatch(/Refused: text-file-named\.png: .+\. What to do: /);
      for (const name of ['clean-letter.png', 'blank-page.png', 'truncated.png']) {
        await expect(uploadRow(page, name).innerText()).resolves.toContain('Accepted.');
      }
      await expect(page.locator('#uploads progress').evaluateAll((bars) => bars.map((bar) => (bar as HTMLProgressElement).value))).resolves.toEqual([1, 1, 1, 1]);
      await snap(page, '1-uploaded');

      // The same letter dropped onto the page again is the same document.
      const letter = readFileSync(path.join(SAMPLES_DIR, 'clean-letter.png')).toString('base64');
      const dataTransfer = await page.evaluateHandle((bytes) => {
        const transfer = new DataTransfer();
        transfer.items.add(new File([Uint8Array.from(atob(bytes), (character) => character.charCodeAt(0))], 'clean-letter-again.png', { type: 'image/png' }));
        return transfer;
      }, letter);
      await page.dispatchEvent('#drop-zone', 'drop', { dataTransfer });
      await expect(uploadRow(page, 'clean-letter-again.png').getByText(/Already uploaded: the same file as an earlier upload/).waitFor()).resolves.toBeUndefined();

      // Each document reaches its end in the list, with no reload: readable ones in review, the cut-short one failed with what to do.
      const inReview = async (name: string) => (await documentRow(page, name).innerText()).includes('In review');
      await waitUntil('both readable scans are in review on the page', 60_000, async () => (await inReview('clean-letter.png')) && (await inReview('blank-page.png')), () => page.locator('#documents').innerText());
      const truncated = documentRow(page, 'truncated.png');
      await truncated.getByText('Failed', { exact: true }).waitFor({ timeout: 30_000 });
      await expect(truncated.innerText()).resolves.toContain(`What to do: ${new RectoError('CORRUPT_IMAGE', 'x').hint}`);
      await page.locator('#live-status', { hasText: 'Up to date.' }).waitFor();
      await expect(page.evaluate(() => (window as unknown as { stillThisPage?: boolean }).stillThisPage)).resolves.toBe(true);
      await snap(page, '2-documents-settled');

      // Retry from the page: a new attempt, visible in the API, and the row follows it again.
      const truncatedId = (await truncated.getAttribute('data-document-id'))!;
      await truncated.getByRole('button', { name: /Retry/ }).click();
      await waitUntil('the retried document failed again, on its second attempt', 30_000, async () => {
        const document = (await (await apiFetch(api.as('records'), `/v1/documents/${truncatedId}`)).json()) as { status: string; attempts: number };
        return document.attempts === 2 && document.status === 'failed';
      });
      await documentRow(page, 'truncated.png').getByRole('button', { name: /Retry/ }).waitFor();

      // Filters redraw the list in place: only what is in review.
      await page.getByLabel('Filing').selectOption('review');
      await page.getByRole('button', { name: 'Filter' }).click();
      await page.waitForURL(`${base}/upload?filing=review`);
      await waitUntil('the list is filtered to review', 10_000, async () => (await page.locator('#documents tbody tr').count()) === 2 && !(await page.locator('#documents').innerText()).includes('truncated.png'));
      await snap(page, '3-filtered-to-review');

      // The letter's review item, straight from its row; the API names the same item.
      const letterRow = documentRow(page, 'clean-letter.png');
      const letterId = (await letterRow.getAttribute('data-document-id'))!;
      const view = (await (await apiFetch(api.as('records'), `/v1/documents/${letterId}`)).json()) as { reviewItemId: string; progress: unknown };
      expect(view.reviewItemId).toMatch(/^rev_/);
      expect(view.progress).toEqual({ pageCount: 1, pagesCleaned: 1, pagesRead: 1 });
      const inReviewList = (await (await apiFetch(api.as('records'), '/v1/documents?filing=review')).json()) as { documents: Array<{ id: string; reviewItemId: string | null }> };
      expect(inReviewList.documents.find((document) => document.id === letterId)?.reviewItemId).toBe(view.reviewItemId);
      expect(inReviewList.documents.every((document) => document.reviewItemId?.startsWith('rev_'))).toBe(true);
      await letterRow.getByRole('link', { name: /Open review/ }).click();
      await page.waitForURL(`${base}/review/${view.reviewItemId}`);
      await snap(page, '4-review-item');
      expect(scriptErrors).toEqual([]);
    } finally {
      await page.close();
    }

    // Every poll of the list was an audited view, as the signed-in officer.
    const polls = (await harness.storage.audit.trailOf('/upload/documents')).filter((event) => event.action === 'page.documents.viewed');
    expect(polls.length).toBeGreaterThan(0);
    expect(polls.every((event) => event.actor === 'user:rita.officer')).toBe(true);
  });

  it('sends a large batch a few files at a time, and answers every file', async () => {
    const page = await officer.newPage();
    let open = 0;
    let mostOpen = 0;
    // Counts uploads under way as the browser sends them (each still goes to the real API).
    await page.route(`${base}/v1/documents`, async (route) => {
      if (route.request().method() !== 'POST') return route.continue();
      open++;
      mostOpen = Math.max(mostOpen, open);
      try {
        const response = await route.fetch();
        await new Promise((resolve) => setTimeout(resolve, 50));
        await route.fulfill({ response });
      } finally {
        open--;
      }
    });
    try {
      await page.goto(`${base}/upload`);
      const files = Array.from({ length: 40 }, (_, n) => ({ name: `ward-7-notes-${n}.png`, mimeType: 'image/png', buffer: Buffer.from(`not a scan, note ${n}\n`) }));
      await page.getByLabel(/Scans \(PDF, TIFF, PNG or JPEG\)/).setInputFiles(files);
      await page.getByText(/^40 of 40 sent: 0 accepted, 0 already uploaded, 40 refused\.$/).waitFor({ timeout: 60_000 });
      expect(mostOpen).toBe(3);
      await expect(page.locator('#uploads tbody tr', { hasText: 'What to do:' }).count()).resolves.toBe(40);
      await snap(page, '5-batch-of-40');
    } finally {
      await page.close();
    }
  });

  it('filters the list without JavaScript too: the form is a plain GET of the page', async () => {
    const officerApi = await api.user('rita.officer', ['records', 'reviewer']);
    const page = await apiFetch(officerApi, '/upload?status=&filing=review');
    expect(page.status).toBe(200);
    const text = await page.text();
    expect(text).toContain('<option value="review" selected>In review</option>');
    expect(text).not.toContain('truncated.png');
    expect((await apiFetch(officerApi, '/upload?status=lost')).status).toBe(400);
  });
});
