import { expect, test } from '@playwright/test';
import { jitRules, nsgRules } from './support/arm';
import { nsgIdOf, openBlade, PROD } from './support/console';

test.setTimeout(120_000);

test('the reader sees the VMs but cannot enable: the button is disabled and names the missing permission', async ({ page }) => {
  await page.addInitScript(() => {
    localStorage.setItem('jit.signedInUser', JSON.stringify({ upn: 'reader@contoso.com', name: 'Robin Reader' }));
  });
  await openBlade(page, 'recommended');
  await page.getByRole('checkbox', { name: 'Select vm-web-03' }).check();
  const enable = page.getByRole('button', { name: 'Enable JIT on 1 VM' });
  await expect(enable).toHaveAccessibleDescription(
    `You need Microsoft.Security/locations/jitNetworkAccessPolicies/write at /subscriptions/${PROD}/resourceGroups/rg-web.`,
  );
  await expect(enable).toBeDisabled();
  await enable.locator('..').hover();
  await expect(page.getByRole('tooltip')).toContainText('jitNetworkAccessPolicies/write');
  await page.screenshot({ path: '/tmp/reader-tooltip.png' });
  expect(jitRules(await nsgRules(page, nsgIdOf('rg-web', 'nsg-vm-web-03')))).toEqual([]);
});
