import { expect, test } from '@playwright/test';
import { armGet, jitRules, nsgRules } from './support/arm';
import { expectNoSeriousA11yViolations } from './support/axe';
import { nsgIdOf, openBlade, policyPath, rowAction } from './support/console';

test.setTimeout(120_000);

test('remove JIT from the last VM of a policy: the policy and its deny rules go, the VM returns to Recommended', async ({ page }) => {
  await openBlade(page);
  const mine = (rules: Awaited<ReturnType<typeof nsgRules>>) => jitRules(rules).filter((rule) => rule.properties.description?.includes("'vm-app-01'"));
  expect(mine(await nsgRules(page, nsgIdOf('rg-app', 'nsg-snet-app'))).length).toBeGreaterThan(0);

  await rowAction(page, 'vm-app-01', /^Remove/);
  const dialog = page.getByRole('dialog', { name: 'Remove JIT from vm-app-01?' });
  await expect(dialog.getByText('vm-app-01 is the last VM of policy "default", so the policy is deleted.')).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  await page.screenshot({ path: '/tmp/pane-remove.png' });
  await dialog.getByRole('button', { name: 'Remove' }).click();
  await expect(dialog.getByText('JIT was removed from vm-app-01.')).toBeVisible();

  await expect(armGet(page, policyPath('rg-app', 'westeurope'))).rejects.toThrow(/→ 404/);
  expect(mine(await nsgRules(page, nsgIdOf('rg-app', 'nsg-snet-app')))).toEqual([]);

  await dialog.getByRole('button', { name: 'View NSG rules of vm-app-01' }).click();
  await expect(page.getByRole('dialog', { name: 'NSG rules JIT wrote for vm-app-01' }).getByText('JIT has no rule for vm-app-01 in this NSG.')).toBeVisible();
  await page.keyboard.press('Escape');

  await page.getByRole('tab', { name: /^Recommended/ }).click();
  await expect(page.getByRole('table', { name: 'Recommended' }).getByText('vm-app-01')).toBeVisible();
});
