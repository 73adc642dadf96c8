/**
 * The usual frame of a browser test file: one node process (demo data) and one Chromium, started
 * before the file's tests and stopped after; `signIn` opens a fresh browser context as a demo
 * account, in English.
 */
import { afterAll, beforeAll } from 'vitest';
import { DEMO_PASSWORD } from '../../src/server/domain/demo/demo-data';
import { launchChromium, signInAs } from './browser';
import { startNodeProcess } from './node-process';
import type { Browser, Page } from 'playwright-core';
import type { NodeProcess } from './node-process';

export function nodeInChromium(env: Record<string, string> = {}) {
  let node: NodeProcess | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    node = await startNodeProcess(env);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await node?.stop();
  });
  const started = () => {
    if (!node || !browser) throw new Error('the node and Chromium start before the tests');
    return { node, browser };
  };
  return {
    /** The node's base URL. */
    url: () => started().node.url,
    signIn: (username: string): Promise<Page> => {
      const { node: running, browser: chromium } = started();
      return signInAs(chromium, running.url, username, { password: DEMO_PASSWORD, language: 'en' });
    },
  };
}
