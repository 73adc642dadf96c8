import type { Page } from 'playwright-core';

/** Fills the shared date input (day, month, year, time, all UTC) named `name`. */
export async function fillUtc(page: Page, name: string, ms: number): Promise<void> {
  const at = new Date(ms);
  await page.locator(`input[name="${name}-day"]`).fill(String(at.getUTCDate()));
  await page.locator(`select[name="${name}-month"]`).selectOption(String(at.getUTCMonth() + 1));
  await page.locator(`input[name="${name}-year"]`).fill(String(at.getUTCFullYear()));
  await page.locator(`input[name="${name}-time"]`).fill(at.toISOString().slice(11, 16));
}

/** Fills the shared date input named `name` in its date-only form (day, month, year, UTC). */
export async function fillUtcDay(page: Page, name: string, ms: number): Promise<void> {
  const at = new Date(ms);
  await page.locator(`input[name="${name}-day"]`).fill(String(at.getUTCDate()));
  await page.locator(`select[name="${name}-month"]`).selectOption(String(at.getUTCMonth() + 1));
  await page.locator(`input[name="${name}-year"]`).fill(String(at.getUTCFullYear()));
}
