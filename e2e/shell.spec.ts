import { expect, test } from '@playwright/test';
import { expectNoSeriousA11yViolations } from './support/axe';

test('the console opens on the JIT blade with its three tabs', async ({ page }) => {
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });

  await page.goto('/');

  await expect(page.getByRole('heading', { level: 1, name: 'Just-in-time VM access' })).toBeVisible();
  const tabs = page.getByRole('tab');
  await expect(tabs).toHaveText([/^Configured \(\d+\)$/, /^Recommended \(\d+\)$/, /^Not recommended \(\d+\)$/]);
  await expect(page.getByRole('tab', { name: /^Configured/ })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('tabpanel', { name: 'Configured' })).toBeVisible();

  await page.getByRole('tab', { name: /^Not recommended/ }).click();
  await expect(page.getByRole('tabpanel', { name: 'Not recommended' })).toBeVisible();

  await expectNoSeriousA11yViolations(page);
  expect(consoleErrors).toEqual([]);
});
