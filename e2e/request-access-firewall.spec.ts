import { expect, test } from '@playwright/test';
import { armGet } from './support/arm';
import { openBlade, PROD, rowAction } from './support/console';

test.setTimeout(120_000);

test('a firewall-protected VM connects through the firewall on the mapped port', async ({ page }) => {
  await openBlade(page);
  await rowAction(page, 'vm-fw-01', /^Request access/);
  const pane = page.getByRole('dialog', { name: 'Request access' });
  await pane.getByRole('button', { name: 'Open ports' }).click();
  await expect(pane.getByText('Access to vm-fw-01 granted.')).toBeVisible();
  const mapped = pane.getByText(/mapped to (\d+) on the Azure Firewall/);
  await expect(mapped).toBeVisible();
  const mappedPort = /mapped to (\d+)/.exec((await mapped.textContent()) ?? '')?.[1] ?? '';
  expect(Number(mappedPort)).toBeGreaterThanOrEqual(50000);
  await expect(pane.getByRole('button', { name: new RegExp(`^Copy .+:${mappedPort}$`) })).toBeVisible();
  await page.screenshot({ path: '/tmp/pane-request-firewall.png' });

  // The firewall holds a DNAT rule translating that port to the VM's 3389.
  const firewall = await armGet<{ properties: { natRuleCollections: { properties: { rules: { destinationPorts: string[]; translatedPort: string }[] } }[] } }>(
    page,
    `/subscriptions/${PROD}/resourceGroups/rg-hub/providers/Microsoft.Network/azureFirewalls/afw-hub?api-version=2024-05-01`,
  );
  const rules = firewall.properties.natRuleCollections.flatMap((collection) => collection.properties.rules);
  expect(rules.some((rule) => rule.destinationPorts.includes(mappedPort) && rule.translatedPort === '3389')).toBe(true);
});
