import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, signInThroughPage } from '../support/browser.ts';
import { type FilingService, MARCHETTI, ONLY_HERE, startFilingService } from '../support/filing-service.ts';
import { type FocusStop, focusStop, pressUntil, tabUntil } from '../support/keyboard.ts';
import { SAMPLES_DIR } from '../support/samples.ts';
import { TEST_PASSWORD } from '../support/test-api.ts';
import { halfPageLetter } from '../support/text-image.ts';

/**
 * Keyboard-only use of the clinician's search and viewer and of the review station, in a real
 * Chromium over the real API, queue, storage and filing. Nothing is clicked or filled: every step
 * is a key press, and after each one the test asks the page where focus is, that a person can see
 * it, and that it was not dropped on the page itself (document.body).
 */

const ARTIFACTS = path.join(import.meta.dirname, '../../.test-artifacts/keyboard-use');

let service: FilingService;
let base: string;
let browser: Browser;
let reviewer: BrowserContext;
/** A two-page fax, filed to the letter's patient: two thumbnails to move between. */
let faxId: string;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  service = await startFilingService('keyboard-use');
  base = service.api.url;
  await service.api.user('dr.keys', ['clinician']);
  await service.api.user('r.keys', ['reviewer']);
  faxId = await service.fileDocument(readFileSync(path.join(SAMPLES_DIR, 'fax-g4-2pages.tif')), 'fax-g4-2pages.tif');
  browser = await launchChromium();
  reviewer = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await signInThroughPage(reviewer, base, 'r.keys');
}, 240_000);

afterAll(async () => {
  await reviewer?.close();
  await browser?.close();
  await service?.stop();
});

const screenshot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });

/** Focus is on `name`, drawn so a person can see it. */
function expectFocusOn(stop: FocusStop, name: string | RegExp): void {
  if (typeof name === 'string') expect(stop.name, 'what has focus').toBe(name);
  else expect(stop.name, 'what has focus').toMatch(name);
  expect(stop.visible, `focus on ${stop.name} is visible (${stop.focused})`).toBe(true);
}

/** Every stop on the way had visible focus, and none was the page itself. */
function expectAllVisible(stops: FocusStop[]): void {
  for (const stop of stops) {
    expect(stop.onBody, `focus was lost to the page after ${stops.map((one) => one.name).join(' → ')}`).toBe(false);
    expect(stop.visible, `focus on ${stop.name} is visible (${stop.focused})`).toBe(true);
  }
}

/** Presses a key and returns where focus is then. */
async function press(page: Page, key: string): Promise<FocusStop> {
  await page.keyboard.press(key);
  return focusStop(page);
}

/** Tabs from the top of the page: the skip link first, which takes focus to the main content. */
async function skipToMain(page: Page): Promise<void> {
  expectFocusOn(await press(page, 'Tab'), 'Skip to main content');
  expectFocusOn(await press(page, 'Enter'), '#maincontent');
}

describe('a clinician with the keyboard alone', () => {
  it('signs in, finds the patient by NHS number, opens a document from the timeline, zooms, moves between pages and downloads the PDF/A', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    try {
      // Sent to sign in, and back to the search page after.
      await page.goto(`${base}/search`);
      await page.waitForURL(/\/sign-in\?returnTo=%2Fsearch$/);
      await skipToMain(page);
      expectFocusOn(await press(page, 'Tab'), '#name');
      await page.keyboard.type('dr.keys');
      expectFocusOn(await press(page, 'Tab'), '#password');
      await page.keyboard.type(TEST_PASSWORD);
      await page.keyboard.press('Enter');
      await page.waitForURL(`${base}/search`);

      // The NHS number box is the first stop in the main content.
      await skipToMain(page);
      expectFocusOn(await press(page, 'Tab'), '#nhsNumber');
      await page.keyboard.type('999 304 8143');
      await page.keyboard.press('Enter');
      await page.waitForURL(/nhsNumber=999\+304\+8143/);
      // After the search, focus is on the results, not back at the top of a long form.
      await page.locator('#results-heading').waitFor();
      expectFocusOn(await focusStop(page), '#results-heading');
      const toLetter = await pressUntil(page, 'Tab', (stop) => stop.name === 'Clinical letter', 3);
      expectAllVisible(toLetter);
      await expect(page.evaluate(() => (document.activeElement as HTMLAnchorElement).pathname)).resolves.toBe(`/documents/${faxId}`);
      await screenshot(page, 'timeline-focused');
      await page.keyboard.press('Enter');
      await page.waitForURL(`${base}/documents/${faxId}`);
      await page.locator('#zoom:not([hidden])').waitFor();

      // Find box, Find, the download, then the zoom buttons, in that order.
      await skipToMain(page);
      const toZoom = await tabUntil(page, 'Zoom in', 8);
      expectAllVisible(toZoom);
      expect(toZoom.map((stop) => stop.name)).toEqual(['#q', 'Find', '#download-pdf', 'Zoom out', 'Fit width', 'Zoom in']);
      // Enter and Space both zoom; focus stays on the button pressed.
      expectFocusOn(await press(page, 'Enter'), 'Zoom in');
      await expect(page.locator('#zoom-level').textContent()).resolves.toBe('150 %');
      expectFocusOn(await press(page, 'Space'), 'Zoom in');
      await expect(page.locator('#zoom-level').textContent()).resolves.toBe('200 %');
      expectFocusOn(await press(page, 'Shift+Tab'), 'Fit width');
      expectFocusOn(await press(page, 'Shift+Tab'), 'Zoom out');
      expectFocusOn(await press(page, 'Enter'), 'Zoom out');
      await expect(page.locator('#zoom-level').textContent()).resolves.toBe('150 %');

      // The thumbnails: Tab reaches the first, the arrow keys move between them, Enter goes to that page.
      const toThumbnails = await pressUntil(page, 'Tab', (stop) => stop.name === 'Page 1', 4);
      expectAllVisible(toThumbnails);
      expectFocusOn(await press(page, 'ArrowRight'), 'Page 2');
      expectFocusOn(await press(page, 'ArrowRight'), 'Page 2');
      expectFocusOn(await press(page, 'ArrowLeft'), 'Page 1');
      expectFocusOn(await press(page, 'End'), 'Page 2');
      await page.keyboard.press('Enter');
      await page.waitForURL(`${base}/documents/${faxId}#page-2`);
      expectFocusOn(await focusStop(page), '#page-2-image');
      await expect(page.locator('#page-2').evaluate((section) => section.getBoundingClientRect().top < innerHeight)).resolves.toBe(true);
      // Zoomed, the focused page scrolls sideways with the arrow keys.
      await page.keyboard.press('ArrowRight');
      await page.waitForFunction(() => document.getElementById('page-2-image')!.scrollLeft > 0);
      expectFocusOn(await focusStop(page), '#page-2-image');
      // Back to the thumbnails with Shift+Tab: the page 1 image, then the thumbnails.
      expectFocusOn(await press(page, 'Shift+Tab'), '#page-1-image');
      expectFocusOn(await press(page, 'Shift+Tab'), 'Page 2');
      expectFocusOn(await press(page, 'Home'), 'Page 1');
      await page.keyboard.press('Enter');
      await page.waitForURL(`${base}/documents/${faxId}#page-1`);
      expectFocusOn(await focusStop(page), '#page-1-image');
      await screenshot(page, 'viewer-page-1-focused');

      // The download, back up with Shift+Tab, and Enter.
      const toDownload = await pressUntil(page, 'Shift+Tab', (stop) => stop.name === '#download-pdf', 10);
      expectAllVisible(toDownload);
      const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
      expect(download.suggestedFilename()).toBe(`${faxId}.pdf`);
      expectFocusOn(await focusStop(page), '#download-pdf');
    } finally {
      await context.close();
    }
  });

  it('searches for a word from the search box and opens the page it is on with Enter', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await signInThroughPage(context, base, 'dr.keys');
    const page = await context.newPage();
    try {
      await page.goto(`${base}/search?nhsNumber=${MARCHETTI.nhsNumber}`);
      await page.locator('#results-heading').waitFor();
      expectFocusOn(await focusStop(page), '#results-heading');
      // Back up the form to the words box, the patient's NHS number still in its box.
      const toWords = await pressUntil(page, 'Shift+Tab', (stop) => stop.name === '#q', 12);
      expectAllVisible(toWords);
      await page.keyboard.type(ONLY_HERE);
      await page.keyboard.press('Enter');
      await page.waitForURL(new RegExp(`q=${ONLY_HERE}`));
      await page.locator('#results-heading').waitFor();
      expectFocusOn(await focusStop(page), '#results-heading');
      await expect(page.locator('#results-heading').textContent()).resolves.toBe('Pages with those words');
      // The document's heading link, then its pages' links.
      expectFocusOn(await press(page, 'Tab'), /^Clinical letter, /);
      expectFocusOn(await press(page, 'Tab'), 'Page 1');
      expectFocusOn(await press(page, 'Tab'), 'Page 2');
      await page.keyboard.press('Enter');
      await page.waitForURL(`${base}/documents/${faxId}?q=${ONLY_HERE}#page-2`);
      await page.locator('#page-2 .recto-hit-box').waitFor();
      // The viewer opens with focus on the page found, its word marked.
      await page.waitForFunction(() => document.activeElement?.id === 'page-2-image');
      expectFocusOn(await focusStop(page), '#page-2-image');
      await expect(page.locator('#page-2 .recto-viewer__text mark').allTextContents()).resolves.toEqual([ONLY_HERE]);

      // A search the page cannot read: focus goes to the error summary, whose link leads to the box.
      await page.goto(`${base}/search?nhsNumber=${MARCHETTI.nhsNumber}&fromDay=31&fromMonth=2&fromYear=2026`);
      await page.locator('.nhsuk-error-summary').waitFor();
      expectFocusOn(await focusStop(page), /^There is a problem Written on or after: /);
      expectFocusOn(await press(page, 'Tab'), /^Written on or after: /);
      expectFocusOn(await press(page, 'Enter'), '#fromDay');
    } finally {
      await context.close();
    }
  });
});

describe('a reviewer with the keyboard alone', () => {
  /** A second letter, filed after the clinician's tests so their timeline holds the fax alone. */
  let documentId: string;
  beforeAll(async () => {
    documentId = await service.fileDocument(await halfPageLetter('Keyboard review'), 'keyboard-review.png');
  }, 120_000);

  it('opens an item from the queue, corrects every field in order, finds the shortcuts inert while typing, and approves with Enter', async () => {
    const { item } = await service.harness.review.openItem({
      documentId,
      reasons: [{ code: 'NHS_NUMBER_NOT_IN_INDEX', message: 'NHS number 999 000 0018 is not in the patient index' }],
      extracted: {
        nhsNumbers: [{ value: '9990000018', raw: '999 000 0018', confidence: 91, foundAt: { page: 0, bbox: { x0: 300, y0: 200, x1: 700, y1: 240 } } }],
      },
    });
    const page = await reviewer.newPage();
    try {
      await page.goto(`${base}/review`);
      const toItem = await tabUntil(page, 'Review keyboard-review.png', 12);
      expectAllVisible(toItem);
      await page.keyboard.press('Enter');
      await page.waitForURL(`${base}/review/${item.id}`);
      // Opening claims it (and redraws the page): wait for that before working.
      await page.locator('#holding').waitFor();

      await skipToMain(page);
      const toFirstField = await tabUntil(page, '#nhsNumber', 12);
      expectAllVisible(toFirstField);
      // Every correction, in the order the form reads, each box typed into as it is reached.
      const order = ['#given', '#family', '#birthDate-day', '#birthDate-month', '#birthDate-year', '#mrn', '#documentType', '#documentDate', '#author', '#department', 'Save corrections', '#reject-note', 'Approve and file', 'Reject', '#next-item', 'Keyboard shortcuts'];
      const typed: Record<string, string> = { '#given': MARCHETTI.given, '#family': MARCHETTI.family, '#birthDate-day': MARCHETTI.birthDate.day, '#birthDate-month': MARCHETTI.birthDate.month };
      await page.keyboard.type(MARCHETTI.nhsNumber);
      for (const name of order) {
        expectFocusOn(await press(page, 'Tab'), name);
        if (typed[name]) await page.keyboard.type(typed[name]);
      }

      // The shortcut letters typed in a box, a text area and a list are text, not commands.
      for (const [field, text] of [['#author', 'anr'], ['#reject-note', 'nra'], ['#birthDate-year', 'ran']] as const) {
        await page.locator(field).focus();
        await page.keyboard.type(text);
        await expect(page.locator(field).inputValue(), field).resolves.toBe(text);
      }
      await page.locator('#documentType').focus();
      await page.keyboard.press('r');
      await expect(page.locator('#documentType').inputValue()).resolves.toBe('referral-letter');
      expect(page.url()).toBe(`${base}/review/${item.id}`);
      await expect((await service.harness.review.getItem(item.id))?.status).toBe('claimed');
      await expect(page.locator('#problem').isHidden()).resolves.toBe(true);

      // Put right from the keyboard: emptied, the right year typed, the type chosen from the top of the list.
      for (const field of ['#author', '#reject-note', '#birthDate-year']) {
        await page.locator(field).focus();
        await page.keyboard.press('ControlOrMeta+A');
        await page.keyboard.press('Backspace');
      }
      await page.keyboard.type(MARCHETTI.birthDate.year);
      await page.locator('#documentType').focus();
      await page.keyboard.press('Home');
      await page.keyboard.press('ArrowDown');
      await expect(page.locator('#documentType').inputValue()).resolves.toBe('clinic-letter');

      // Save with Enter: focus stays on the button and the page says it is saved.
      await page.locator('#birthDate-year').focus();
      const toSave = await tabUntil(page, 'Save corrections', 10);
      expectAllVisible(toSave);
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => document.getElementById('saved')?.textContent === 'Corrections saved.');
      expectFocusOn(await focusStop(page), 'Save corrections');
      await expect((await service.harness.review.getItem(item.id))?.corrections).toMatchObject({ nhsNumber: MARCHETTI.nhsNumber, family: MARCHETTI.family, birthDate: '1948-09-17' });

      // A wrong hospital number is refused: focus goes to the problem, and Shift+Tab back to the box.
      await page.locator('#mrn').focus();
      await page.keyboard.type('KB0000000');
      const toApprove = await tabUntil(page, 'Approve and file', 12);
      expectAllVisible(toApprove);
      await page.keyboard.press('Enter');
      await page.locator('#problem:not([hidden])').waitFor();
      expectFocusOn(await focusStop(page), '#problem');
      await expect(page.locator('#problem-text').innerText()).resolves.toMatch(/hospital number KB0000000 is not one the index holds/);
      await screenshot(page, 'review-refused-focus-on-problem');
      const backToMrn = await pressUntil(page, 'Tab', (stop) => stop.name === '#mrn', 20);
      expectAllVisible(backToMrn);
      await page.keyboard.press('ControlOrMeta+A');
      await page.keyboard.type(MARCHETTI.mrn);

      // Approve with Enter: the page comes back with focus on where the document went.
      await tabUntil(page, 'Approve and file', 12);
      await page.keyboard.press('Enter');
      await page.locator('#outcome').waitFor();
      expectFocusOn(await focusStop(page), '#outcome');
      await expect(page.locator('#outcome h2').innerText()).resolves.toBe('Approved: filed to 999 304 8143, Evelyn Rose Marchetti');
      await expect((await service.harness.review.getItem(item.id))?.status).toBe('approved');
      await screenshot(page, 'review-approved-focus-on-outcome');
    } finally {
      await page.close();
    }
  });

  it('rejects an item with Space on Reject, then goes on with n', async () => {
    const { item } = await service.harness.review.openItem({ documentId, reasons: [{ code: 'NO_NHS_NUMBER', message: 'No NHS number on the document' }], extracted: {} });
    const page = await reviewer.newPage();
    try {
      await page.goto(`${base}/review/${item.id}`);
      await page.locator('#holding').waitFor();
      await skipToMain(page);
      const toNote = await tabUntil(page, '#reject-note', 30);
      expectAllVisible(toNote);
      await page.keyboard.type('Duplicate of a letter already filed');
      const toReject = await tabUntil(page, 'Reject', 4);
      expectAllVisible(toReject);
      await page.keyboard.press('Space');
      await page.locator('#outcome').waitFor();
      expectFocusOn(await focusStop(page), '#outcome');
      await expect(page.locator('#outcome h2').innerText()).resolves.toBe('Rejected: not filed');
      await expect(page.locator('#outcome').innerText()).resolves.toContain('Note: Duplicate of a letter already filed');
      // Focus is on the outcome, not in a field: n goes on to the next item (none: the queue).
      await page.keyboard.press('n');
      await page.waitForURL(`${base}/review`);
    } finally {
      await page.close();
    }
  });
});
