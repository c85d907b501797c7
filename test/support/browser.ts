import { type Browser, type BrowserContext, chromium } from 'playwright-core';
import { TEST_PASSWORD } from './test-api.ts';

/** The machine's Debian Chromium, headless; playwright-core downloads no browser of its own. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** Signs `name` (made with TEST_PASSWORD) in through Recto's sign-in page in this browser profile, as a person would. */
export async function signInThroughPage(context: BrowserContext, baseUrl: string, name: string): Promise<void> {
  const page = await context.newPage();
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel('User name').fill(name);
  await page.getByLabel('Password').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${baseUrl}/`);
  await page.close();
}
