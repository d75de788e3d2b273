import { expect, test } from '@playwright/test';
import { armGet, jitRules, nsgRules } from './support/arm';
import { expectNoSeriousA11yViolations } from './support/axe';
import { nsgIdOf, openBlade, policyPath, rowAction } from './support/console';

test.setTimeout(120_000);

test('edit a policy: delete a port and change another; the NSG loses the removed port’s JIT rule', async ({ page }) => {
  await openBlade(page);
  await rowAction(page, 'vm-sql-01', /^Edit/);
  const pane = page.getByRole('dialog', { name: 'JIT VM access configuration' });
  await expect(pane.getByText('Edit the ports of vm-sql-01')).toBeVisible();
  const table = pane.getByRole('table', { name: 'Ports protected by JIT' });
  await expect(table.getByRole('cell', { name: '3389', exact: true })).toBeVisible();
  await expect(table.getByRole('cell', { name: '1433', exact: true })).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  await page.screenshot({ path: '/tmp/pane-edit.png' });

  await pane.getByRole('button', { name: 'Delete port 1433' }).click();
  await pane.getByRole('button', { name: 'Edit port 3389' }).click();
  const dialog = page.getByRole('dialog', { name: 'Edit port configuration' });
  await dialog.getByRole('textbox', { name: 'Max request time (hours)' }).fill('5');
  await dialog.getByRole('button', { name: 'OK' }).click();
  await expect(table.getByRole('cell', { name: '5 hours' })).toBeVisible();
  await pane.getByRole('button', { name: 'Save' }).click();
  await expect(pane.getByText('Saved. JIT now protects vm-sql-01.')).toBeVisible();

  const policy = await armGet<{ properties: { virtualMachines: { ports: { number: number; maxRequestAccessDuration: string }[] }[] } }>(page, policyPath('rg-sql', 'northeurope'));
  expect(policy.properties.virtualMachines[0]?.ports).toEqual([expect.objectContaining({ number: 3389, maxRequestAccessDuration: 'PT5H' })]);
  const rules = jitRules(await nsgRules(page, nsgIdOf('rg-sql', 'nsg-sql'))).filter((rule) => rule.properties.description?.includes("'vm-sql-01'"));
  expect(rules.map((rule) => rule.properties.destinationPortRange)).toEqual(['3389']);
});
