import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser } from '../../src/auth/accounts.ts';
import type { Role } from '../../src/auth/roles.ts';
import { launchChromium } from '../support/browser.ts';
import { tabUntil } from '../support/keyboard.ts';
import { createFakeOcrEngine } from '../support/fake-ocr-engine.ts';
import { type QueueHarness, startQueueHarness } from '../support/queue-harness.ts';
import { SAMPLES_DIR } from '../support/samples.ts';
import { uploadUntilDone } from '../support/service-client.ts';
import { startTestApi, TEST_PASSWORD, type TestApi } from '../support/test-api.ts';

/**
 * Every page Recto serves, in real Chromium with the network cut off: any request to a host other
 * than Recto's is aborted and recorded, and none may be attempted (trust networks are often
 * air-gapped). That is checked with the CSP switched off in the browser, since the CSP would
 * refuse such a load before any request is made: the pages must not ask, not merely be stopped.
 * With the CSP on, no load may be refused. Recto's own pages are also checked with axe-core
 * against WCAG 2.2 AA, and the sign-in form and the review buttons with the keyboard.
 * Screenshots go to .test-artifacts/offline-pages/.
 */

const SCREENSHOTS = path.join(import.meta.dirname, '..', '..', '.test-artifacts', 'offline-pages');
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

type Who = Role | 'nobody';
const USERS: Record<Role, string> = { records: 'o.clerk', reviewer: 'o.reviewer', clinician: 'o.clinician', admin: 'o.admin' };

let harness: QueueHarness;
let api: TestApi;
let browser: Browser;
let itemId: string;
let documentId: string;
/** Browser profiles by who is signed in and whether the CSP is enforced. */
const contexts = new Map<string, BrowserContext>();
const contextKey = (who: Who, csp: boolean) => `${who}:${csp ? 'csp' : 'no-csp'}`;
/** Requests the pages tried to make to other hosts, in the order made. */
const offsite: string[] = [];

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  harness = await startQueueHarness('offline-pages', createFakeOcrEngine());
  api = await startTestApi(harness, { review: harness.review });
  for (const [role, name] of Object.entries(USERS) as Array<[Role, string]>) {
    await addUser(harness.storage.auth, { name, displayName: `Test ${role}`, roles: [role], password: TEST_PASSWORD });
  }
  documentId = await uploadUntilDone(api.as('records'), readFileSync(path.join(SAMPLES_DIR, 'clean-letter.png')), 'clean-letter.png');
  const { item } = await harness.review.openItem({
    documentId,
    reasons: [{ code: 'NHS_NUMBER_NOT_IN_INDEX', message: 'NHS number 999 000 0018 is not in the patient index' }],
    extracted: {
      nhsNumbers: [{ value: '9990000018', raw: '999 000 0018', confidence: 91, foundAt: { page: 0, bbox: { x0: 300, y0: 400, x1: 700, y1: 440 } } }],
      birthDate: { value: '1950-02-01', raw: '01/02/1950', confidence: 88, foundAt: { page: 0, bbox: { x0: 300, y0: 460, x1: 560, y1: 500 } } },
    },
  });
  itemId = item.id;
  browser = await launchChromium();
  for (const csp of [true, false]) {
    contexts.set(contextKey('nobody', csp), await offlineContext(csp));
    for (const role of Object.keys(USERS) as Role[]) contexts.set(contextKey(role, csp), await signedIn(role, csp));
  }
}, 120_000);

afterAll(async () => {
  for (const context of contexts.values()) await context.close();
  await browser?.close();
  await api?.app.close();
  await harness?.stop();
});

/** A browser profile that can reach Recto and nothing else; what it tries elsewhere is recorded. */
async function offlineContext(csp: boolean): Promise<BrowserContext> {
  const context = await browser.newContext({ bypassCSP: !csp });
  const recto = new URL(api.url).origin;
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    if (new URL(url).origin === recto) return route.continue();
    offsite.push(url);
    return route.abort('blockedbyclient');
  });
  return context;
}

/** Signed in through the sign-in page, itself loaded offline. */
async function signedIn(role: Role, csp: boolean): Promise<BrowserContext> {
  const context = await offlineContext(csp);
  const page = await context.newPage();
  await page.goto(`${api.url}/sign-in`);
  await page.getByLabel('User name').fill(USERS[role]);
  await page.getByLabel('Password').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${api.url}/`);
  await page.close();
  return context;
}

interface Visit {
  name: string;
  who: Who;
  path: () => string;
  status: number;
  /** Third-party UIs (bull-board, Swagger UI) are checked offline but not with axe: their markup is not Recto's to fix. */
  thirdParty?: boolean;
  /** What shows the page has rendered (the third-party UIs draw after load). */
  ready: string;
}

const VISITS: Visit[] = [
  { name: 'sign-in', who: 'nobody', path: () => '/sign-in', status: 200, ready: 'h1' },
  { name: 'home', who: 'admin', path: () => '/', status: 200, ready: 'h1' },
  { name: 'upload', who: 'records', path: () => '/upload', status: 200, ready: '#documents' },
  { name: 'admin', who: 'admin', path: () => '/admin', status: 200, ready: '#users' },
  { name: 'review-queue', who: 'reviewer', path: () => '/review', status: 200, ready: '#queue-tabs' },
  { name: 'review-item', who: 'reviewer', path: () => `/review/${itemId}`, status: 200, ready: 'img.recto-crop' },
  { name: 'search', who: 'clinician', path: () => '/search?nhsNumber=9990000018', status: 200, ready: 'h1' },
  { name: 'search-words', who: 'reviewer', path: () => '/search?q=letter', status: 200, ready: 'h1' },
  { name: 'document-viewer', who: 'clinician', path: () => `/documents/${documentId}?q=letter`, status: 200, ready: 'img.recto-page__image' },
  { name: 'forbidden', who: 'clinician', path: () => '/upload', status: 403, ready: 'h1' },
  { name: 'not-found', who: 'reviewer', path: () => '/review/rv_no_such_item', status: 404, ready: 'h1' },
  { name: 'no-such-page', who: 'reviewer', path: () => '/no/such/page', status: 404, ready: 'h1' },
  { name: 'api-docs', who: 'admin', path: () => '/docs', status: 200, thirdParty: true, ready: '.swagger-ui .info' },
  { name: 'queues', who: 'admin', path: () => '/admin/queues', status: 200, thirdParty: true, ready: 'text=Recto queues' },
];

/** Console errors and uncaught exceptions; the page's own error status (403, 404) is expected, not counted. */
function watchConsole(page: Page, visit: Visit): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    const text = message.text();
    if (message.type() === 'error' && !text.includes(`the server responded with a status of ${visit.status} `)) errors.push(text);
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

/** A resource not loaded: refused by the CSP, a network error, or an error status from Recto. */
const BLOCKED_LOAD = /^Loading the .* violates|^Refused to load|^Failed to load resource|net::ERR_/;

async function open(visit: Visit, csp: boolean): Promise<{ page: Page; consoleErrors: string[]; attempted: string[]; policy: string }> {
  const page = await contexts.get(contextKey(visit.who, csp))!.newPage();
  const consoleErrors = watchConsole(page, visit);
  const before = offsite.length;
  const response = await page.goto(`${api.url}${visit.path()}`, { waitUntil: 'networkidle' });
  expect(response?.status(), visit.name).toBe(visit.status);
  await page.locator(visit.ready).first().waitFor({ timeout: 15_000 });
  await page.waitForLoadState('networkidle');
  return { page, consoleErrors, attempted: offsite.slice(before), policy: response?.headers()['content-security-policy'] ?? '' };
}

describe('every page works offline', () => {
  it.each(VISITS.map((visit) => [visit.name, visit] as const))('%s asks for nothing from another host', async (_name, visit) => {
    const { page, attempted } = await open(visit, false);
    await page.screenshot({ path: path.join(SCREENSHOTS, `${visit.name}.png`), fullPage: true });
    await page.close();
    expect(attempted, `${visit.name} tried other hosts`).toEqual([]);
  });

  it.each(VISITS.map((visit) => [visit.name, visit] as const))('%s has nothing refused or failing under the CSP', async (_name, visit) => {
    const { page, consoleErrors, attempted, policy } = await open(visit, true);
    await page.close();
    // The policy itself names no other host and no scheme-wide source (https:, *) for anything.
    expect(policy, visit.name).toContain("default-src 'self'");
    expect(policy, visit.name).not.toMatch(/https?:|\*|\/\//);
    expect(attempted, `${visit.name} tried other hosts`).toEqual([]);
    // Recto's pages: no console error at all. The third-party UIs carry inline style (bull-board's
    // loading placeholder, Swagger UI's) that the CSP refuses, harmlessly: only failed loads count.
    const counted = visit.thirdParty ? consoleErrors.filter((text) => BLOCKED_LOAD.test(text)) : consoleErrors;
    expect(counted, `${visit.name} console errors`).toEqual([]);
  });
});

/** axe's violations, one line per element, for a failure message a person can act on. */
function readable(violations: Awaited<ReturnType<AxeBuilder['analyze']>>['violations']): string {
  return violations
    .map((violation) => `${violation.impact} ${violation.id}: ${violation.help}\n${violation.nodes.map((node) => `    ${node.target.join(' ')}: ${node.failureSummary?.replace(/\n/g, ' ')}`).join('\n')}`)
    .join('\n');
}

describe("Recto's own pages meet WCAG 2.2 AA (axe-core)", () => {
  it.each(VISITS.filter((visit) => !visit.thirdParty).map((visit) => [visit.name, visit] as const))('%s has no serious or critical violation', async (_name, visit) => {
    const { page } = await open(visit, true);
    const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
    await page.close();
    const serious = results.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
    // Moderate and minor ones are shown, not failed on: only serious and critical ones block.
    const lesser = results.violations.filter((violation) => !serious.includes(violation));
    if (lesser.length > 0) console.info(`${visit.name}: ${readable(lesser)}`);
    expect(results.passes.length, 'axe ran its checks').toBeGreaterThan(0);
    expect(readable(serious), `${visit.name}: serious or critical violations`).toBe('');
  });
});

describe('keyboard use', () => {
  it('the sign-in form is reached in order with Tab, shows focus, and signs in with the keyboard alone', async () => {
    const context = await offlineContext(true);
    const page = await context.newPage();
    await page.goto(`${api.url}/sign-in`);
    const stops = await tabUntil(page, 'Sign in');
    expect(stops.map((stop) => stop.name)).toEqual(['Skip to main content', 'Recto', '#name', '#password', 'Sign in']);
    for (const stop of stops) expect(stop.visible, `focus on ${stop.name} is visible (${stop.focused})`).toBe(true);

    await page.locator('#name').focus();
    await page.keyboard.type(USERS.reviewer);
    await page.keyboard.press('Tab');
    await page.keyboard.type(TEST_PASSWORD);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${api.url}/`);
    await expect(page.locator('#signed-in-as').innerText()).resolves.toContain('Test reviewer');
    await context.close();
  });

  it("the review item's form fields (the date of birth as day, month, year) and its Save, Approve and file, Reject buttons are reached in order with Tab and show focus", async () => {
    const page = await contexts.get(contextKey('reviewer', true))!.newPage();
    await page.goto(`${api.url}/review/${itemId}`);
    // Opening an open item claims it and redraws the page: tab only once that is done.
    await page.locator('#holding').waitFor();
    const stops = await tabUntil(page, 'Reject');
    await page.close();
    const names = stops.map((stop) => stop.name);
    // The item is claimed on opening, so there is no Claim button to reach.
    const order = ['#nhsNumber', '#given', '#family', '#birthDate-day', '#birthDate-month', '#birthDate-year', 'Save corrections', 'Approve and file', 'Reject'];
    expect(order.map((name) => names.indexOf(name))).toEqual([...order.map((name) => names.indexOf(name))].sort((a, b) => a - b));
    for (const name of order) {
      const stop = stops.find((candidate) => candidate.name === name);
      expect(stop, `${name} is reached with Tab`).toBeDefined();
      expect(stop!.visible, `focus on ${name} is visible (${stop!.focused})`).toBe(true);
    }
  });
});
