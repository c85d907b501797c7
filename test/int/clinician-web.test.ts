import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pageSizesOf } from '../../src/storage/page-image.ts';
import { launchChromium, signInThroughPage } from '../support/browser.ts';
import { layOut } from '../support/fake-ocr-engine.ts';
import { type FilingService, LETTER_LINES, MARCHETTI as PATIENT, ONLY_HERE, startFilingService } from '../support/filing-service.ts';
import type { QueueHarness } from '../support/queue-harness.ts';
import { type ApiTarget, apiFetch, type TestApi } from '../support/test-api.ts';
import { halfPageLetter } from '../support/text-image.ts';

/**
 * The clinician's pages over the real API, queue and storage: a letter is captured with OCR
 * faked as a sample's text plus a line holding a word only it has, filed against the trust's CSV
 * patient index, then found, opened and read as a clinician would.
 */

const ARTIFACTS = path.join(import.meta.dirname, '../../.test-artifacts/clinician-web');
const MARCHETTI = PATIENT.nhsNumber;

let service: FilingService;
let harness: QueueHarness;
let api: TestApi;
let clinician: ApiTarget;
let documentId: string;
let browser: Browser;
/** Browser profiles by user name; each reaches Recto and nothing else. */
const contexts = new Map<string, BrowserContext>();
/** Requests the pages tried to make to other hosts. */
const offsite: string[] = [];
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  service = await startFilingService('clinician-web');
  ({ harness, api } = service);
  clinician = await api.user('dr.marsh', ['clinician']);
  documentId = await service.fileDocument(await halfPageLetter('Clinic letter'), 'clinic <letter>.png');
  browser = await launchChromium();
  await api.user('w.records', ['records']);
  for (const name of ['dr.marsh', 'w.records']) contexts.set(name, await signedIn(name));
}, 240_000);

afterAll(async () => {
  for (const context of contexts.values()) await context.close();
  await browser?.close();
  await service?.stop();
});

/** Signed in through the sign-in page, in a profile that can reach Recto and nothing else. */
async function signedIn(name: string): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const recto = new URL(api.url).origin;
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    if (new URL(url).origin === recto) return route.continue();
    offsite.push(url);
    return route.abort('blockedbyclient');
  });
  await signInThroughPage(context, api.url, name);
  return context;
}

const screenshot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });

async function expectAccessible(page: Page, name: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  const serious = results.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
  expect(results.passes.length, 'axe ran its checks').toBeGreaterThan(0);
  expect(serious.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`), `${name}: serious or critical violations`).toEqual([]);
}

/** The on-screen rectangle where a page-pixel box should be drawn over the image. */
function scaled(box: { x0: number; y0: number; x1: number; y1: number }, image: { x: number; y: number; width: number; height: number }, size: { width: number; height: number }) {
  const sx = image.width / size.width;
  const sy = image.height / size.height;
  return { x: image.x + box.x0 * sx, y: image.y + box.y0 * sy, width: (box.x1 - box.x0) * sx, height: (box.y1 - box.y0) * sy };
}

function expectClose(actual: { x: number; y: number; width: number; height: number } | null, expected: { x: number; y: number; width: number; height: number }): void {
  expect(actual).not.toBeNull();
  for (const side of ['x', 'y', 'width', 'height'] as const) expect(Math.abs(actual![side] - expected[side]), `${side}: ${actual![side]} vs ${expected[side]}`).toBeLessThan(3);
}

describe('a clinician in the browser', () => {
  it('finds the filed letter by NHS number (the timeline) and by a word only it holds, opens it, and sees the word boxed where it is on the page', async () => {
    const page = await contexts.get('dr.marsh')!.newPage();
    await page.goto(`${api.url}/`);
    await page.getByRole('link', { name: /Find a patient's documents/ }).click();
    await page.waitForURL(`${api.url}/search`);

    await page.getByLabel('NHS number').fill('999 304 8143');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/nhsNumber=999/);
    const row = page.locator(`#timeline tr[data-document="${documentId}"]`);
    await expect(row.textContent()).resolves.toMatch(/14 Mar 2026[\s\S]*Clinical letter[\s\S]*clinic <letter>\.png/);
    await screenshot(page, 'timeline');
    await expectAccessible(page, 'search timeline');

    await page.getByLabel('Words or "a phrase"').fill(ONLY_HERE);
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(new RegExp(`q=${ONLY_HERE}`));
    const hit = page.locator(`#hits li[data-document="${documentId}"]`);
    await hit.waitFor();
    await expect(hit.locator('mark').allTextContents()).resolves.toEqual([ONLY_HERE]);
    await expect(page.locator('#hits > li').count()).resolves.toBe(1);
    await screenshot(page, 'word-hits');
    await expectAccessible(page, 'search hits');

    await hit.getByRole('link', { name: 'Page 1' }).click();
    await page.waitForURL(`${api.url}/documents/${documentId}?q=${ONLY_HERE}#page-1`);
    const image = page.locator('#page-1 img.recto-page__image');
    await image.evaluate((element: HTMLImageElement) => element.decode());
    await expect(page.locator('#page-1 .recto-hit-box').count()).resolves.toBe(1);
    await expect(page.locator('#page-1 .recto-viewer__text mark').allTextContents()).resolves.toEqual([ONLY_HERE]);
    const [size] = [...(await pageSizesOf(harness.storage, documentId, [0])).values()];
    const word = layOut(LETTER_LINES).words.find((candidate) => candidate.text === ONLY_HERE)!.bbox;
    expectClose(await page.locator('#page-1 .recto-hit-box').boundingBox(), scaled(word, (await image.boundingBox())!, size));
    await screenshot(page, 'viewer');
    await expectAccessible(page, 'viewer');

    // Zoom in: the page grows and the box stays on the word.
    const before = (await image.boundingBox())!;
    await page.getByRole('button', { name: 'Zoom in' }).click();
    await expect(page.locator('#zoom-level').textContent()).resolves.toBe('150 %');
    const zoomed = (await image.boundingBox())!;
    expect(zoomed.width / before.width).toBeCloseTo(1.5, 1);
    expectClose(await page.locator('#page-1 .recto-hit-box').boundingBox(), scaled(word, zoomed, size));
    await page.getByRole('button', { name: 'Fit width' }).click();
    expect((await image.boundingBox())!.width).toBeCloseTo(before.width, 0);

    // Thumbnails load, and the PDF/A downloads.
    await expect(page.locator('.recto-thumbnails img').evaluateAll((images: HTMLImageElement[]) => images.map((one) => one.naturalWidth))).resolves.toEqual([200]);
    const href = await page.getByRole('link', { name: 'Download PDF/A' }).getAttribute('href');
    const pdf = await page.request.get(`${api.url}${href}`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
    await page.close();

    expect(offsite).toEqual([]);
    const views = await harness.storage.audit.viewersOfPatient(MARCHETTI);
    const actions = new Set(views.filter((view) => view.actor.includes('dr.marsh')).map((view) => view.action));
    expect([...actions]).toEqual(expect.arrayContaining(['page.search.viewed', 'page.document.viewed', 'document.page.viewed']));
  });

  it('is told to give a patient when searching words alone, not shown an error', async () => {
    const page = await contexts.get('dr.marsh')!.newPage();
    const response = await page.goto(`${api.url}/search?q=${ONLY_HERE}`);
    expect(response?.status()).toBe(200);
    await expect(page.locator('#search-notice').textContent()).resolves.toContain("Give the patient's NHS number");
    await expect(page.locator('#hits').count()).resolves.toBe(0);
    await expect(page.getByLabel('Words or "a phrase"').inputValue()).resolves.toBe(ONLY_HERE);
    await screenshot(page, 'give-a-patient');
    await page.close();
  });

  it('says what is wrong with a date of birth beside the boxes', async () => {
    const page = await contexts.get('dr.marsh')!.newPage();
    const response = await page.goto(`${api.url}/search?name=Marchetti&dobDay=31&dobMonth=02&dobYear=1948`);
    expect(response?.status()).toBe(400);
    await expect(page.locator('.nhsuk-error-summary a[href="#dobDay"]').textContent()).resolves.toMatch(/^Date of birth: /);
    await expectAccessible(page, 'search with an error');
    await page.close();
  });
});

describe('the pages without script (plain GET forms)', () => {
  it('find the patient by name and date of birth or hospital number, and a reviewer across all patients by a word', async () => {
    const page = async (target: ApiTarget, url: string) => {
      const response = await apiFetch(target, url, { headers: { accept: 'text/html' } });
      return { status: response.status, body: await response.text() };
    };
    const byName = await page(clinician, '/search?name=marchetti+evelyn&dobDay=17&dobMonth=9&dobYear=1948&type=clinic-letter');
    expect(byName.status).toBe(200);
    expect(byName.body).toContain(`data-document="${documentId}"`);
    expect((await page(clinician, '/search?mrn=kb2209471')).body).toContain(`data-document="${documentId}"`);
    // A type or a date range the letter is outside of leaves it out.
    expect((await page(clinician, '/search?mrn=KB2209471&fromDay=1&fromMonth=4&fromYear=2026')).body).toContain('id="no-results"');
    const reviewer = await api.user('r.cross', ['reviewer']);
    expect((await page(reviewer, `/search?q=${ONLY_HERE}`)).body).toContain(`data-document="${documentId}"`);
    // A search the index cannot run is said on the viewer, which still shows the document.
    const badWords = await page(clinician, `/documents/${documentId}?q=%22`);
    expect(badWords.status).toBe(200);
    expect(badWords.body).toContain('id="q-error"');
    expect(badWords.body).toContain('id="page-1"');
  });
});

describe('records staff', () => {
  it('are refused the search page and the viewer (403)', async () => {
    const page = await contexts.get('w.records')!.newPage();
    expect((await page.goto(`${api.url}/search`))?.status()).toBe(403);
    expect((await page.goto(`${api.url}/documents/${documentId}`))?.status()).toBe(403);
    await page.close();
  });
});
