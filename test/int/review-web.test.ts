import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.ts';
import { createFakeOcrEngine } from '../support/fake-ocr-engine.ts';
import { type QueueHarness, startQueueHarness } from '../support/queue-harness.ts';
import { SAMPLES_DIR } from '../support/samples.ts';
import { uploadUntilDone } from '../support/service-client.ts';
import { apiFetch, startTestApi, TEST_PASSWORD, type TestApi } from '../support/test-api.ts';
import { addUser } from '../../src/auth/accounts.ts';

/** The reviewers' web pages in a real Chromium, over the real API, storage and queue. */

let harness: QueueHarness;
let api: TestApi;
let base: string;
let browser: Browser;
let reviewer: BrowserContext;
let documentId: string;

beforeAll(async () => {
  harness = await startQueueHarness('review-web', createFakeOcrEngine());
  api = await startTestApi(harness, { review: harness.review });
  base = api.url;
  await addUser(harness.storage.auth, { name: 'r.patel', displayName: 'Dr R Patel', roles: ['reviewer'], password: TEST_PASSWORD });
  documentId = await uploadUntilDone(api.as('records'), readFileSync(path.join(SAMPLES_DIR, 'clean-letter.png')), 'clean-letter.png');
  browser = await launchChromium();
  reviewer = await browser.newContext();
});

afterAll(async () => {
  await reviewer?.close();
  await browser?.close();
  await api?.app.close();
  await harness?.stop();
});

describe('the review pages', () => {
  it('lead a reviewer from the queue to the page crops, through a refused and an accepted correction, to approval', async () => {
    const { item } = await harness.review.openItem({
      documentId,
      reasons: [{ code: 'NHS_NUMBER_NOT_IN_INDEX', message: 'NHS number 999 000 0018 is not in the patient index <b>(check the ward list)</b>' }],
      extracted: {
        nhsNumbers: [{ value: '9990000018', raw: '999 000 0018', confidence: 91, foundAt: { page: 0, bbox: { x0: 300, y0: 400, x1: 700, y1: 440 } } }],
        birthDate: { value: '1950-02-01', raw: '01/02/1950', confidence: 88, foundAt: { page: 0, bbox: { x0: 300, y0: 460, x1: 560, y1: 500 } } },
      },
    });
    const page = await reviewer.newPage();
    try {
      // Not signed in: the queue sends the reviewer to sign in, then back to the queue.
      await page.goto(`${base}/review`);
      await page.waitForURL(`${base}/sign-in?returnTo=%2Freview`);
      await page.getByLabel('User name').fill('r.patel');
      await page.getByLabel('Password').fill(TEST_PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(`${base}/review`);
      await expect(page.locator('#signed-in-as').innerText()).resolves.toContain('Dr R Patel');
      const row = page.locator('#queue tbody tr', { hasText: 'clean-letter.png' });
      await expect(row.innerText()).resolves.toContain('is not in the patient index');
      // Text read from scans is shown as text, never as markup.
      await expect(row.innerText()).resolves.toContain('<b>(check the ward list)</b>');
      await row.getByRole('link', { name: /Review/ }).click();
      await page.waitForURL(`${base}/review/${item.id}`);

      // Each value is shown with the crop of the page where it was read, loaded as an image.
      const crops = page.locator('img.recto-crop');
      await expect(crops.count()).resolves.toBe(2);
      await page.waitForFunction(() => [...document.querySelectorAll('img.recto-crop')].every((image) => (image as HTMLImageElement).naturalWidth > 0));

      await page.getByRole('button', { name: 'Claim' }).click();
      await page.getByText('claimed by user:r.patel').waitFor();

      await page.getByLabel('NHS number (10 digits)').fill('999 000 0019');
      await page.getByRole('button', { name: 'Save corrections' }).click();
      await page.locator('#problem:not([hidden])').waitFor();
      await expect(page.locator('#problem-text').innerText()).resolves.toMatch(/modulus 11/);

      await page.getByLabel('NHS number (10 digits)').fill('999 000 0026');
      await page.getByRole('button', { name: 'Save corrections' }).click();
      await page.waitForFunction(() => (document.getElementById('nhsNumber') as HTMLInputElement).value === '9990000026');

      // Approving needs the whole identity, typed from the page: the values OCR read are not filled in.
      await expect(page.getByLabel('First name(s)').inputValue()).resolves.toBe('');
      await page.getByRole('button', { name: 'Approve and file' }).click();
      await page.locator('#problem:not([hidden])').waitFor();
      await expect(page.locator('#problem-text').innerText()).resolves.toMatch(/enter or confirm the patient's first name, family name and date of birth/);

      await page.getByLabel('First name(s)').fill('Arthur');
      await page.getByLabel('Family name').fill('Pennington');
      await page.getByLabel('Date of birth (YYYY-MM-DD)').fill('1950-02-01');
      await page.getByRole('button', { name: 'Approve and file' }).click();
      await page.getByText('approved', { exact: true }).waitFor();
    } finally {
      await page.close();
    }
    const trail = (await (await apiFetch(api.as('reviewer'), `/v1/review/${item.id}/audit`)).json()) as { events: Array<{ actor: string; action: string; after: unknown }> };
    const decisions = trail.events.filter((event) => !event.action.startsWith('page.') && /(opened|claimed|corrected|approved)$/.test(event.action));
    expect(decisions.map((event) => `${event.actor} ${event.action}`)).toEqual([
      'recto review.opened',
      'user:r.patel review.claimed',
      'user:r.patel review.corrected',
      'user:r.patel review.approved',
    ]);
    // Every view of the item's page and every action through it is in the same trail, as the signed-in reviewer.
    expect(trail.events.filter((event) => event.action === 'page.review-item.viewed').every((event) => event.actor === 'user:r.patel')).toBe(true);
    // No patient index here (filing is not configured): the identity is recorded, and the resolution says it was not checked.
    expect(decisions[3].after).toMatchObject({
      corrections: { nhsNumber: '9990000026', given: ['Arthur'], family: 'Pennington', birthDate: '1950-02-01' },
      resolutions: [{ code: 'NHS_NUMBER_NOT_IN_INDEX', resolvedBy: 'identity-unchecked', detail: expect.stringContaining('not checked against a patient index') }],
    });
  });

  it('shows another person\'s NHS number as theirs, with its crop, and asks why before it could be the patient\'s', async () => {
    const box = { x0: 300, y0: 400, x1: 700, y1: 440 };
    const { item } = await harness.review.openItem({
      documentId,
      reasons: [{ code: 'OTHER_PERSONS_NHS_NUMBER_ONLY', message: "No NHS number on the document is the patient's: 999 000 0018 is labelled as the mother's" }],
      extracted: {
        nhsNumbers: [],
        otherPersonsNhsNumbers: [{ value: '9990000018', raw: '999 000 0018', confidence: 93, foundAt: { page: 0, bbox: box }, label: 'NHS Number', who: 'mother' }],
        unreadableNhsNumbers: [{ value: '9990000019', raw: '999 000 0019', confidence: 88, foundAt: { page: 0, bbox: box }, problem: 'fails-check' }],
      },
    });
    const page = await reviewer.newPage();
    try {
      await page.goto(`${base}/review/${item.id}`);
      const read = await page.locator('dl.nhsuk-summary-list').innerText();
      expect(read).toContain("NHS number labelled as the mother's (not the patient's)");
      expect(read).toMatch(/NHS number that could not be read\s+9990000019 read with 88 % confidence; fails the modulus 11 check/);
      await expect(page.locator('img.recto-crop').count()).resolves.toBe(2);
      await expect(page.getByLabel(/why it is the patient's/).count()).resolves.toBe(1);
      // Nothing OCR read is filled in for the reviewer: the identity is typed from the page.
      for (const label of ['NHS number (10 digits)', 'First name(s)', 'Family name', 'Date of birth (YYYY-MM-DD)']) {
        await expect(page.getByLabel(label).inputValue(), label).resolves.toBe('');
      }
    } finally {
      await page.close();
    }
  });

  it('serves the NHS design system styles locally', async () => {
    const response = await fetch(`${base}/assets/nhsuk/nhsuk-frontend.min.css`); // public: no patient data
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/css/);
    expect((await response.text()).length).toBeGreaterThan(10_000);
  });
});
