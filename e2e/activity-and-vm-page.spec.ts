import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import Papa from 'papaparse';
import { ARM, armGet, jitRules, nsgRules, tokenFor } from './support/arm';
import { expectNoSeriousA11yViolations } from './support/axe';

// Issue 5: the activity log with its CSV, the VM page (Configuration and Connect), and a request
// watched from start to expiry. Every test gets a fresh context (fresh emulator state) and a
// fixed clock installed before the page loads, so the seeded history sits at known times.

const NOW = new Date('2026-11-30T09:00:00.000Z');
const PROD = '6f1c2a3b-0d4e-4f5a-9b6c-7d8e9f0a1b2c';
const vmId = (rg: string, name: string) => `/subscriptions/${PROD}/resourceGroups/${rg}/providers/Microsoft.Compute/virtualMachines/${name}`;
const nsgId = (rg: string, name: string) => `/subscriptions/${PROD}/resourceGroups/${rg}/providers/Microsoft.Network/networkSecurityGroups/${name}`;
const policyPath = (rg: string) => `/subscriptions/${PROD}/resourceGroups/${rg}/providers/Microsoft.Security/locations/westeurope/jitNetworkAccessPolicies/default?api-version=2020-01-01`;

interface PolicyView {
  kind?: string;
  location: string;
  etag?: string;
  properties: { virtualMachines: { id: string; ports: { number: number; protocol: string; allowedSourceAddressPrefix?: string; maxRequestAccessDuration: string }[] }[] };
}

async function start(page: Page, upn: string, path: string): Promise<void> {
  await page.clock.install({ time: NOW });
  await page.addInitScript((user) => {
    window.localStorage.setItem('jit.signedInUser', JSON.stringify(user));
  }, { upn, name: upn.split('@')[0] ?? upn });
  await page.goto(path);
}

function watchConsoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  return errors;
}

async function choose(page: Page, label: string, option: string): Promise<void> {
  await page.getByRole('combobox', { name: label }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

async function downloadCsv(page: Page): Promise<{ name: string; bytes: Buffer; rows: string[][] }> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Click here to download all items as CSV' }).click()]);
  const bytes = await readFile(await download.path());
  const parsed = Papa.parse<string[]>(bytes.toString('utf8').replace(/^\uFEFF/, ''), { skipEmptyLines: true });
  return { name: download.suggestedFilename(), bytes, rows: parsed.data };
}

async function shownCount(page: Page): Promise<number> {
  const text = (await page.getByTestId('activity-count').textContent()) ?? '';
  return Number(/^([\d,]+) events/.exec(text)?.[1]?.replace(/,/g, '') ?? NaN);
}

const HEADER = ['Time (UTC)', 'Operation name', 'Operation', 'Status', 'Event initiated by', 'Description', 'Subscription', 'Resource group', 'Resource', 'Resource type', 'Level', 'Correlation ID', 'Event ID'];

test('as reader: filter a VM activity log to last week and one operation, download it as CSV', async ({ page }) => {
  const errors = watchConsoleErrors(page);
  const web01 = vmId('rg-web', 'vm-web-01');
  await start(page, 'reader@contoso.com', `/activity?vm=${encodeURIComponent(web01)}`);

  await expect(page.getByRole('heading', { level: 1, name: 'Activity log' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'vm-web-01' })).toBeVisible();
  await choose(page, 'Timespan', 'Last week');
  await choose(page, 'Operation', 'Initiate JIT network access policy');
  await page.getByRole('button', { name: 'Apply' }).click();

  // The filters are in the URL, so the link reproduces the view.
  await expect(page).toHaveURL(/span=7d/);
  await expect(page).toHaveURL(/op=Microsoft\.Security%2Flocations%2FjitNetworkAccessPolicies%2Finitiate%2Faction/);
  const table = page.getByRole('table', { name: 'Activity log events' });
  await expect(table.getByText('requester@contoso.com', { exact: true })).toBeVisible();
  const count = await shownCount(page);
  expect(count).toBeGreaterThan(0);
  await expect(table.getByRole('row')).toHaveCount(count + 1);

  const csv = await downloadCsv(page);
  expect(csv.name).toBe('jit-activity_vm-web-01_2026-11-23T0900Z_2026-11-30T0900Z.csv');
  expect([...csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  expect(csv.rows[0]).toEqual(HEADER);
  expect(csv.rows.length - 1).toBe(count);
  for (const row of csv.rows.slice(1)) {
    expect(row[2]).toBe('Microsoft.Security/locations/jitNetworkAccessPolicies/initiate/action');
    expect(row[0]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  }
  expect(csv.rows.some((row) => row[5]?.includes('メンテナンスのため'))).toBe(true);
  await expectNoSeriousA11yViolations(page);

  // The seeded hostile event is a policy read on the same VM: the export keeps it inert.
  await choose(page, 'Operation', 'Get JIT network access policy');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(table.getByText("=cmd|' /C calc'!A0", { exact: true })).toBeVisible();
  const hostile = await downloadCsv(page);
  if (process.env.SHOTS) await page.screenshot({ path: '/tmp/activity-log.png', fullPage: true });
  if (process.env.SHOTS) await import('node:fs/promises').then((fs) => fs.writeFile(`/tmp/${hostile.name}`, hostile.bytes));
  expect(hostile.rows.length - 1).toBe(await shownCount(page));
  const row = hostile.rows.find((r) => r[4]?.includes('cmd|'));
  expect(row?.[4]).toBe("'=cmd|' /C calc'!A0");
  expect(row?.[5]).toBe('\'=HYPERLINK("http://evil.example","open")');
  for (const r of hostile.rows.slice(1)) for (const cell of r) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  expect(errors).toEqual([]);
});

test('as admin: enable JIT from a Linux VM page, request access on Windows and firewall VMs, and a VM without JIT prompts', async ({ page }) => {
  // Four VM pages, an enable and two requests in one journey: more than the default 30 s on a busy 2-core machine.
  test.setTimeout(90_000);
  const errors = watchConsoleErrors(page);
  await start(page, 'admin@contoso.com', '/?tab=recommended');

  // Reachable from the blade's tables.
  await page.getByRole('link', { name: 'vm-app-02', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'vm-app-02' })).toBeVisible();
  const configuration = page.getByRole('region', { name: 'Configuration' });
  await expect(configuration.getByText('Enabling applies the defaults: Linux port 22, at most 3 hours of access, any source IP address.')).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  await configuration.getByRole('button', { name: 'Enable just-in-time' }).click();
  await expect(page.getByText(/Just-in-time is enabled on vm-app-02: port 22, 3 hours maximum, any source/)).toBeVisible();
  await expect(configuration.getByText(/Just-in-time access is enabled on this VM \(policy default, ports 22\)/)).toBeVisible();
  await expect(configuration.getByRole('link', { name: /Open the policy/ })).toHaveAttribute('href', `/?tab=configured&edit=${encodeURIComponent(vmId('rg-app', 'vm-app-02'))}`);

  const policy = await armGet<PolicyView>(page, policyPath('rg-app'));
  const entry = policy.properties.virtualMachines.find((vm) => vm.id.toLowerCase() === vmId('rg-app', 'vm-app-02').toLowerCase());
  expect(entry?.ports).toEqual([{ number: 22, protocol: '*', allowedSourceAddressPrefix: '*', maxRequestAccessDuration: 'PT3H' }]);
  // The merge kept the VM that was already in the policy.
  expect(policy.properties.virtualMachines.some((vm) => vm.id.endsWith('/vm-app-01'))).toBe(true);
  const deny = jitRules(await nsgRules(page, nsgId('rg-app', 'nsg-snet-app'))).filter(
    (rule) => rule.properties.access === 'Deny' && rule.properties.destinationPortRange === '22' && (rule.properties.description ?? '').includes('vm-app-02'),
  );
  expect(deny).toHaveLength(1);

  // Windows VM: Connect → Request access → address and port, with an .rdp file.
  await page.goto(`/vm/${encodeURIComponent(vmId('rg-web', 'vm-web-02'))}`);
  const connect = page.getByRole('region', { name: 'Connect' });
  await expect(connect.getByRole('textbox', { name: 'Source IP' })).toHaveValue('Any (*)');
  await expect(connect.getByRole('textbox', { name: 'Time range' })).toHaveValue('3 hours');
  await connect.getByRole('button', { name: 'Request access' }).click();
  await expect(connect.getByText('Request approved.')).toBeVisible();
  const open = connect.getByTestId('open-port-3389');
  await expect(open.getByText(/^Connect to \d+\.\d+\.\d+\.\d+ on port 3389$/)).toBeVisible();
  await expect(open.getByRole('timer')).toHaveText(/^(2:59:\d\d|3:00:00)$/);
  const [rdp] = await Promise.all([page.waitForEvent('download'), open.getByRole('button', { name: 'Download RDP file' }).click()]);
  expect(rdp.suggestedFilename()).toBe('vm-web-02.rdp');
  expect((await readFile(await rdp.path())).toString('utf8')).toMatch(/^full address:s:\d+\.\d+\.\d+\.\d+\r\n/);
  await expectNoSeriousA11yViolations(page);

  // Firewall-protected VM: the firewall's address and the DNAT-mapped port.
  await page.goto(`/vm/${encodeURIComponent(vmId('rg-hub', 'vm-fw-01'))}`);
  await connect.getByRole('button', { name: 'Request access' }).click();
  const viaFirewall = connect.getByText(/^Through the Azure Firewall (\S+): port (\d+) is mapped to port 3389 of the VM\.$/);
  await expect(viaFirewall).toBeVisible();
  const [, address, mapped] = /Firewall (\S+): port (\d+)/.exec((await viaFirewall.textContent()) ?? '') ?? [];
  expect(Number(mapped)).not.toBe(3389);
  await expect(connect.getByText(`Connect to ${address ?? '?'} on port ${mapped ?? '?'}`)).toBeVisible();
  if (process.env.SHOTS) await page.screenshot({ path: '/tmp/vm-page-firewall.png', fullPage: true });

  // A VM without JIT prompts to configure it, and can enable it from there.
  await page.goto(`/vm/${encodeURIComponent(vmId('rg-web', 'vm-web-03'))}`);
  await expect(connect.getByText('To connect through just-in-time access, configure a JIT policy on this VM first.')).toBeVisible();
  await expect(connect.getByRole('button', { name: 'Enable just-in-time' })).toBeEnabled();
  await expect(connect.getByRole('button', { name: 'Request access' })).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('as requester: a one-hour request counts down, closes at its end without a reload, and the activity log lists the expiry', async ({ page }) => {
  const errors = watchConsoleErrors(page);
  const web02 = vmId('rg-web', 'vm-web-02');
  await start(page, 'requester@contoso.com', `/vm/${encodeURIComponent(web02)}`);
  await expect(page.getByRole('heading', { level: 1, name: 'vm-web-02' })).toBeVisible();

  // Setup through ARM as admin: vm-web-02's RDP port allows at most one hour.
  const policy = await armGet<PolicyView>(page, policyPath('rg-web'));
  const body = {
    kind: policy.kind ?? 'Basic',
    location: policy.location,
    properties: {
      virtualMachines: policy.properties.virtualMachines.map((vm) =>
        vm.id.toLowerCase() === web02.toLowerCase() ? { ...vm, ports: vm.ports.map((port) => ({ ...port, maxRequestAccessDuration: 'PT1H' })) } : vm,
      ),
    },
  };
  const status = await page.evaluate(
    async ({ url, token, body }) => (await fetch(url, { method: 'PUT', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) })).status,
    { url: `${ARM}${policyPath('rg-web')}`, token: tokenFor('admin@contoso.com'), body },
  );
  expect(status).toBe(200);

  const connect = page.getByRole('region', { name: 'Connect' });
  // The page refetches the policy when the tab regains focus or after a write; reload to read the setup.
  await page.reload();
  await expect(connect.getByRole('textbox', { name: 'Time range' })).toHaveValue('1 hour');
  await connect.getByRole('button', { name: 'Request access' }).click();
  const open = connect.getByTestId('open-port-3389');
  await expect(open.getByRole('timer')).toHaveText(/^(0:59:\d\d|1:00:00)$/);
  const allowRules = async () => (jitRules(await nsgRules(page, nsgId('rg-web', 'nsg-vm-web-02'))).filter((rule) => rule.properties.access === 'Allow'));
  expect(await allowRules()).toHaveLength(1);
  if (process.env.SHOTS) await page.screenshot({ path: '/tmp/vm-page-open.png', fullPage: true });

  // Just before the end the countdown is at its last seconds; past the end the port is closed.
  await page.clock.fastForward(60 * 60_000 - 3_000);
  await expect(open.getByRole('timer')).toHaveText(/^0:00:0[0-3]$/);
  await page.clock.fastForward(60_000 + 3_000);
  await expect(connect.getByTestId('open-port-3389')).toHaveCount(0);
  await expect(connect.getByText('No port is open for this VM right now.')).toBeVisible();
  await expect(connect.getByTestId('request-history').getByRole('listitem').first()).toContainText(/^Expired — Port 3389 from \*, requested by requester@contoso\.com/);
  expect(await allowRules()).toHaveLength(0);
  if (process.env.SHOTS) await page.screenshot({ path: '/tmp/vm-page-expired.png', fullPage: true });

  // The activity log (reached without a reload) lists the expiry.
  await page.getByRole('link', { name: 'Activity log' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Activity log' })).toBeVisible();
  const table = page.getByRole('table', { name: 'Activity log events' });
  await expect(table.getByRole('row').filter({ hasText: 'Delete Security Rule' }).filter({ hasText: /the request for port 3389 of VM 'vm-web-02' ended at/ }).first()).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  expect(errors).toEqual([]);
});
