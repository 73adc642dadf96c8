import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';

/** Debian's Chromium, headless, with the flags this network needs (and any a test adds). */
export async function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  const executablePath = process.env.CONCORD_CHROMIUM ?? '/usr/bin/chromium';
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
      ...extraArgs,
    ],
  });
}

/** A fresh browser context signed in as a demo account (English unless `language` says otherwise). */
export async function signInAs(
  browser: Browser,
  url: string,
  username: string,
  options: { password: string; totp?: string; language?: string },
): Promise<Page> {
  const context = await browser.newContext();
  if (options.language) {
    const language = options.language;
    await context.addInitScript((lang) => window.localStorage.setItem('concord.language', lang), language);
  }
  const page = await context.newPage();
  await page.goto(url);
  await page.getByLabel('Username', { exact: true }).fill(username);
  await page.getByLabel('Password', { exact: true }).fill(options.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  if (options.totp) {
    await page.getByLabel('Authenticator code').fill(options.totp);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }
  await page.getByTestId('identity').waitFor();
  return page;
}
