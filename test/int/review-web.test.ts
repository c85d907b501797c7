import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InMemoryPatientIndex } from '../../src/matching/in-memory-patient-index.ts';
import { launchChromium } from '../support/browser.ts';
import { createFakeOcrEngine } from '../support/fake-ocr-engine.ts';
import { type QueueHarness, startQueueHarness } from '../support/queue-harness.ts';
import { SAMPLES_DIR } from '../support/samples.ts';
import { uploadUntilDone } from '../support/service-client.ts';
import { reviewOnlyFiling } from '../support/review-only-filing.ts';
import { apiFetch, startTestApi, TEST_PASSWORD, type TestApi } from '../support/test-api.ts';
import { addUser } from '../../src/auth/accounts.ts';

/**
 * The reviewers' web pages in a real Chromium, over the real API, storage and queue. Approvals
 * are checked against a real (in-memory) patient index; "filing" records a delivery in the real
 * delivery store, so the page can show where the document went.
 */

const ARTIFACTS = path.join(import.meta.dirname, '../../.test-artifacts/review-web');
const ARTHUR = { nhsNumber: '9990000026', given: ['Arthur'], family: 'Pennington', birthDate: '1939-06-12', mrns: ['RX1234567'] };

let harness: QueueHarness;
let api: TestApi;
let base: string;
let browser: Browser;
let reviewer: BrowserContext;
let second: BrowserContext;
let documentId: string;

async function signIn(context: BrowserContext, name: string): Promise<void> {
  const page = await context.newPage();
  await page.goto(`${base}/review`);
  await page.waitForURL(`${base}/sign-in?returnTo=%2Freview`);
  await page.getByLabel('User name').fill(name);
  await page.getByLabel('Password').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${base}/review`);
  await page.close();
}

/** Types a date into the date of birth's day, month and year boxes (the NHS design system date input). */
async function fillDateOfBirth(page: Page, day: string, month: string, year: string): Promise<void> {
  const group = page.getByRole('group', { name: 'Date of birth' });
  await group.getByLabel('Day').fill(day);
  await group.getByLabel('Month').fill(month);
  await group.getByLabel('Year').fill(year);
}

const dateOfBirth = (page: Page) =>
  Promise.all(['Day', 'Month', 'Year'].map((box) => page.getByRole('group', { name: 'Date of birth' }).getByLabel(box).inputValue())).then((boxes) => boxes.join('/'));

const screenshot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  harness = await startQueueHarness('review-web', createFakeOcrEngine());
  const index = new InMemoryPatientIndex([ARTHUR]);
  api = await startTestApi(harness, {
    review: harness.review,
    filing: reviewOnlyFiling(harness, index, 'epr-fhir'),
  });
  base = api.url;
  await addUser(harness.storage.auth, { name: 'r.patel', displayName: 'Dr R Patel', roles: ['reviewer'], password: TEST_PASSWORD });
  await addUser(harness.storage.auth, { name: 'j.okafor', displayName: 'J Okafor', roles: ['reviewer'], password: TEST_PASSWORD });
  documentId = await uploadUntilDone(api.as('records'), readFileSync(path.join(SAMPLES_DIR, 'clean-letter.png')), 'clean-letter.png');
  browser = await launchChromium();
  reviewer = await browser.newContext();
  second = await browser.newContext();
});

afterAll(async () => {
  await reviewer?.close();
  await second?.close();
  await browser?.close();
  await api?.app.close();
  await harness?.stop();
});

describe('the review pages', () => {
  it('claim an item on opening, keep what was typed through refusals, approve by keyboard and say where it went', async () => {
    const { item } = await harness.review.openItem({
      documentId,
      reasons: [{ code: 'NHS_NUMBER_NOT_IN_INDEX', message: 'NHS number 999 000 0018 is not in the patient index <b>(check the ward list)</b>' }],
      extracted: {
        nhsNumbers: [{ value: '9990000018', raw: '999 000 0018', confidence: 91, foundAt: { page: 0, bbox: { x0: 300, y0: 400, x1: 700, y1: 440 } } }],
        birthDate: { value: '1939-06-12', raw: '12/06/1939', confidence: 88, foundAt: { page: 0, bbox: { x0: 300, y0: 460, x1: 560, y1: 500 } } },
      },
    });
    // Not signed in: the queue sends the reviewer to sign in, then back to the queue.
    await signIn(reviewer, 'r.patel');
    await signIn(second, 'j.okafor');
    const page = await reviewer.newPage();
    try {
      await page.goto(`${base}/review`);
      await expect(page.locator('#signed-in-as').innerText()).resolves.toContain('Dr R Patel');
      const row = page.locator('#queue tbody tr', { hasText: 'clean-letter.png' });
      // Text read from scans is shown as text, never as markup.
      await expect(row.innerText()).resolves.toContain('<b>(check the ward list)</b>');
      await row.getByRole('link', { name: /Review/ }).click();
      await page.waitForURL(`${base}/review/${item.id}`);

      // Opening it claims it: no "claim first" trap, and a Release button to give it back.
      await page.locator('#holding').waitFor();
      await expect(page.locator('#holding').innerText()).resolves.toMatch(/You are reviewing this document \(since /);
      await expect(page.getByRole('button', { name: 'Release' }).isVisible()).resolves.toBe(true);
      await expect((await harness.review.getItem(item.id))?.claimedBy).toBe('user:r.patel');

      // A second reviewer sees who holds it and since when, and cannot act.
      const other = await second.newPage();
      await other.goto(`${base}/review/${item.id}`);
      await expect(other.locator('#held-by-other').innerText()).resolves.toMatch(/user:r\.patel has held it since \d\d\/\d\d\/\d{4}/);
      await expect(other.getByRole('button', { name: 'Approve and file' }).isDisabled()).resolves.toBe(true);
      await expect(other.getByLabel('NHS number (10 digits)').isDisabled()).resolves.toBe(true);
      await screenshot(other, 'held-by-another-reviewer');
      await other.close();

      // Each value has its crop, and the whole page loads with a box on each value read.
      await page.waitForFunction(() => [...document.querySelectorAll('img.recto-crop, img.recto-page__image')].every((image) => (image as HTMLImageElement).naturalWidth > 0));
      await expect(page.locator('img.recto-crop').count()).resolves.toBe(2);
      await expect(page.locator('img.recto-page__image').evaluate((image: HTMLImageElement) => image.naturalWidth)).resolves.toBeLessThanOrEqual(1600);
      await expect(page.locator('.recto-box').count()).resolves.toBe(2);
      const boxSize = await page.locator('#box-nhsNumbers\\.0').boundingBox();
      expect(boxSize!.width).toBeGreaterThan(10);
      await page.getByRole('link', { name: 'Show on page 1' }).first().click();
      await expect(page.locator('#box-nhsNumbers\\.0').getAttribute('class')).resolves.toContain('recto-box--highlight');

      // A US-style date is refused with a clear message; everything typed stays.
      await page.getByLabel('NHS number (10 digits)').fill('999 000 0026');
      await page.getByLabel('First name(s)').fill('Arthur');
      await page.getByLabel('Family name').fill('Pennington');
      await fillDateOfBirth(page, '06', '13', '1939');
      await page.getByLabel('Hospital number (optional)').fill('RX9999999');
      await page.getByRole('button', { name: 'Approve and file' }).click();
      await page.locator('#problem:not([hidden])').waitFor();
      await expect(page.locator('#problem-text').innerText()).resolves.toMatch(/date of birth "06\/13\/1939" cannot be right \(month over 12: UK dates are day first\)/);
      await expect(dateOfBirth(page)).resolves.toBe('06/13/1939');
      await expect(page.getByLabel('First name(s)').inputValue()).resolves.toBe('Arthur');
      await screenshot(page, 'date-refused-values-kept');

      // The UK date is accepted; a hospital number the index does not hold for Arthur is refused at approval.
      await fillDateOfBirth(page, '12', '6', '1939');
      await page.getByRole('button', { name: 'Approve and file' }).click();
      await page.waitForFunction(() => /hospital number RX9999999 is not one the index holds/.test(document.getElementById('problem-text')!.textContent ?? ''));
      await expect(page.getByLabel('Hospital number (optional)').inputValue()).resolves.toBe('RX9999999');
      await expect((await harness.review.getItem(item.id))?.corrections).toMatchObject({ birthDate: '1939-06-12', mrn: 'RX9999999' });

      // A shortcut key typed in a field is text, not a command.
      await page.getByLabel('Hospital number (optional)').fill('RX1234567');
      await page.getByLabel('Author').press('a');
      await expect(page.getByLabel('Author').inputValue()).resolves.toBe('a');
      await expect((await harness.review.getItem(item.id))?.status).toBe('claimed');
      await page.getByLabel('Author').fill('');
      await page.getByLabel('Document type').selectOption({ label: 'Discharge summary' });

      // "a" outside a field approves (corrections saved first, then checked against the index).
      await page.locator('h1').click();
      await page.keyboard.press('a');
      await page.locator('#outcome').waitFor();
      await expect(page.locator('#outcome h2').innerText()).resolves.toBe('Approved: filed to 999 000 0026, Arthur Pennington');
      await expect(page.locator('#deliveries').innerText()).resolves.toMatch(/epr-fhir\s+delivered/);
      for (const name of ['Approve and file', 'Reject']) await expect(page.getByRole('button', { name }).isDisabled(), name).resolves.toBe(true);
      await expect(dateOfBirth(page)).resolves.toBe('12/06/1939');
      await screenshot(page, 'approved-where-it-went');

      // The decided tab lists it, with who decided.
      await page.goto(`${base}/review?show=decided`);
      await expect(page.locator('#queue tbody tr', { hasText: 'clean-letter.png' }).innerText()).resolves.toMatch(/approved\s*by user:r\.patel, \d\d\/\d\d\/\d{4}/);
      await screenshot(page, 'decided-tab');
    } finally {
      await page.close();
    }
    const decided = await harness.review.getItem(item.id);
    expect(decided).toMatchObject({
      status: 'approved',
      corrections: { nhsNumber: '9990000026', given: ['Arthur'], family: 'Pennington', birthDate: '1939-06-12', mrn: 'RX1234567', documentType: 'discharge-summary' },
    });
    const trail = (await (await apiFetch(api.as('reviewer'), `/v1/review/${item.id}/audit`)).json()) as { events: Array<{ actor: string; action: string; after: unknown }> };
    const decisions = trail.events.filter((event) => /^review\.(opened|claimed|corrected|approved)$/.test(event.action));
    expect(decisions.map((event) => `${event.actor} ${event.action}`)).toEqual([
      'recto review.opened',
      'user:r.patel review.claimed',
      'user:r.patel review.corrected',
      'user:r.patel review.corrected',
      'user:r.patel review.approved',
    ]);
    // Views of the page, the crops and the whole page are in the same trail, as the signed-in reviewers.
    const views = new Set(trail.events.filter((event) => event.action.endsWith('.viewed')).map((event) => `${event.actor} ${event.action}`));
    for (const view of ['user:r.patel page.review-item.viewed', 'user:j.okafor page.review-item.viewed', 'user:r.patel review.crop.viewed', 'user:r.patel review.page.viewed']) {
      expect(views, view).toContain(view);
    }
    expect(decisions[4].after).toMatchObject({ resolutions: [{ code: 'NHS_NUMBER_NOT_IN_INDEX', resolvedBy: 'identity' }] });
  });

  it('gives an item back with Release, and rejects one by keyboard with the note shown afterwards', async () => {
    const { item } = await harness.review.openItem({ documentId, reasons: [{ code: 'NO_NHS_NUMBER', message: 'No NHS number on the document' }], extracted: {} });
    const page = await reviewer.newPage();
    try {
      await page.goto(`${base}/review/${item.id}`);
      await page.locator('#holding').waitFor();
      await page.getByRole('button', { name: 'Release' }).click();
      await page.waitForURL(`${base}/review`);
      await expect((await harness.review.getItem(item.id))?.status).toBe('open');

      await page.goto(`${base}/review/${item.id}`);
      await page.locator('#holding').waitFor();
      const tab = await reviewer.newPage();
      await tab.goto(`${base}/review?show=claimed`);
      await expect(tab.locator('#queue tbody tr', { hasText: 'No NHS number on the document' }).innerText()).resolves.toContain('claimed by user:r.patel');
      await tab.close();
      await page.getByLabel('If you reject it').fill('Duplicate of a letter already filed');
      await page.locator('h1').click();
      await page.keyboard.press('r');
      await page.locator('#outcome').waitFor();
      await expect(page.locator('#outcome').innerText()).resolves.toMatch(/Rejected: not filed[\s\S]*Note: Duplicate of a letter already filed/);
      await expect(page.getByRole('button', { name: 'Reject' }).isDisabled()).resolves.toBe(true);
      // "n" goes to the next open item, or back to the queue when there is none.
      await page.locator('h1').click();
      await page.keyboard.press('n');
      await page.waitForURL(`${base}/review`);
    } finally {
      await page.close();
    }
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
      await page.locator('#holding').waitFor();
      const read = await page.locator('dl.nhsuk-summary-list').innerText();
      expect(read).toContain("NHS number labelled as the mother's (not the patient's)");
      expect(read).toMatch(/NHS number that could not be read\s+9990000019 read with 88 % confidence; fails the modulus 11 check/);
      await expect(page.locator('img.recto-crop').count()).resolves.toBe(2);
      await expect(page.getByLabel(/why it is the patient's/).count()).resolves.toBe(1);
      // Nothing OCR read is filled in for the reviewer: the identity is typed from the page.
      for (const label of ['NHS number (10 digits)', 'First name(s)', 'Family name', 'Hospital number (optional)']) {
        await expect(page.getByLabel(label, { exact: true }).inputValue(), label).resolves.toBe('');
      }
      await expect(dateOfBirth(page)).resolves.toBe('//');
    } finally {
      await page.close();
    }
  });

  it('serves the NHS design system styles and the review page styles locally', async () => {
    for (const [asset, minimum] of [['/assets/nhsuk/nhsuk-frontend.min.css', 10_000], ['/assets/recto/review.css', 200]] as const) {
      const response = await fetch(`${base}${asset}`); // public: no patient data
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/text\/css/);
      expect((await response.text()).length).toBeGreaterThan(minimum);
    }
  });
});
