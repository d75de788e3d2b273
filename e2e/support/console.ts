import { expect, type Page } from '@playwright/test';

export const PROD = '6f1c2a3b-0d4e-4f5a-9b6c-7d8e9f0a1b2c';
export const vmIdOf = (rg: string, name: string) => `/subscriptions/${PROD}/resourceGroups/${rg}/providers/Microsoft.Compute/virtualMachines/${name}`;
export const nsgIdOf = (rg: string, name: string) => `/subscriptions/${PROD}/resourceGroups/${rg}/providers/Microsoft.Network/networkSecurityGroups/${name}`;
export const policyPath = (rg: string, location: string, name = 'default') =>
  `/subscriptions/${PROD}/resourceGroups/${rg}/providers/Microsoft.Security/locations/${location}/jitNetworkAccessPolicies/${name}?api-version=2020-01-01`;

/** Opens the blade on a tab and waits until the fleet is listed. */
export async function openBlade(page: Page, tab: 'configured' | 'recommended' | 'notRecommended' = 'configured'): Promise<void> {
  await page.goto(tab === 'configured' ? '/' : `/?tab=${tab}`);
  await expect(page.getByRole('tab', { name: /^Configured \(\d+\)$/ })).toBeVisible({ timeout: 20_000 });
}

/** The row menu item of a Configured VM. */
export async function rowAction(page: Page, vm: string, item: RegExp): Promise<void> {
  await page.getByRole('button', { name: `More actions for ${vm}` }).click();
  await page.getByRole('menuitem', { name: item }).click();
}
