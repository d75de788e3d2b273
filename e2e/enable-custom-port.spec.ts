import { expect, test } from '@playwright/test';
import { armGet, jitRules, nsgRules } from './support/arm';
import { nsgIdOf, openBlade, policyPath } from './support/console';

test.setTimeout(120_000);

interface Policy {
  properties: { virtualMachines: { id: string; ports: { number: number; protocol: string; allowedSourceAddressPrefixes?: string[]; maxRequestAccessDuration: string }[] }[] };
}

test('enable with a custom TCP port limited to a CIDR list: the policy and the NSG deny rules follow', async ({ page }) => {
  await openBlade(page, 'recommended');
  await page.getByRole('checkbox', { name: 'Select vm-app-03' }).check();
  await page.getByRole('button', { name: 'Enable JIT on 1 VM' }).click();
  const pane = page.getByRole('dialog', { name: 'JIT VM access configuration' });
  for (const port of ['3389', '5985', '5986']) await pane.getByRole('button', { name: `Delete port ${port}` }).click();

  await pane.getByRole('button', { name: 'Add' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add port configuration' });
  await dialog.getByRole('textbox', { name: 'Port' }).fill('8080');
  await dialog.getByRole('combobox', { name: 'Protocol' }).click();
  await page.getByRole('option', { name: 'TCP' }).click();
  await dialog.getByRole('radio', { name: 'Addresses or CIDR ranges' }).check();
  await dialog.getByRole('textbox', { name: 'Addresses and CIDR ranges' }).fill('10.0.0.0/24, 192.168.1.5');
  await dialog.getByRole('textbox', { name: 'Max request time (hours)' }).fill('2');
  await dialog.getByRole('button', { name: 'OK' }).click();
  await expect(dialog).toBeHidden();
  await expect(pane.getByRole('cell', { name: '10.0.0.0/24, 192.168.1.5' })).toBeVisible();
  await page.screenshot({ path: '/tmp/pane-enable-custom.png' });

  await pane.getByRole('button', { name: 'Save' }).click();
  await expect(pane.getByText('Saved. JIT now protects vm-app-03.')).toBeVisible();

  const policy = await armGet<Policy>(page, policyPath('rg-app', 'westeurope'));
  expect(policy.properties.virtualMachines.map((vm) => vm.id.split('/').pop())).toEqual(['vm-app-01', 'vm-app-03']);
  const ports = policy.properties.virtualMachines[1]?.ports ?? [];
  expect(ports.map((p) => p.number)).toEqual([22, 8080]);
  expect(ports[1]).toMatchObject({ protocol: 'TCP', allowedSourceAddressPrefixes: ['10.0.0.0/24', '192.168.1.5'], maxRequestAccessDuration: 'PT2H' });

  const rules = jitRules(await nsgRules(page, nsgIdOf('rg-app', 'nsg-vm-app-03')));
  expect(rules.map((rule) => [rule.properties.destinationPortRange, rule.properties.access]).sort()).toEqual([
    ['22', 'Deny'],
    ['8080', 'Deny'],
  ]);
});
