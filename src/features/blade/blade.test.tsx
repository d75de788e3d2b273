// @vitest-environment jsdom
import { useState } from 'react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, expect, test, vi } from 'vitest';
import { ARM_BASE_URL } from '../../api/arm-client';
import { I18nProvider } from '../../components/i18n/i18n';
import type { BladeActions } from './blade-actions';
import { Blade } from './blade';
import type { BladeSearch } from './blade-search';

// A tiny fleet answered by handlers written here (the emulator is tested on its own): one Standard
// subscription with a configured VM, a recommended VM (NSG on its NIC) and one with no NSG at all.
const SUB = '00000000-0000-0000-0000-000000000001';
const RG = 'rg-web';
const base = `/subscriptions/${SUB}/resourceGroups/${RG}/providers`;
const vmId = (name: string) => `${base}/Microsoft.Compute/virtualMachines/${name}`;
const nicId = (name: string) => `${base}/Microsoft.Network/networkInterfaces/${name}-nic`;
const NSG = `${base}/Microsoft.Network/networkSecurityGroups/nsg-web`;
const POLICY = `${base}/Microsoft.Security/locations/westeurope/jitNetworkAccessPolicies/default`;

// The blade asks Resource Graph for VMs, NICs and public IPs (src/api/list-fleet-summaries.ts):
// these are the rows its projections answer.
const vmRow = (name: string) => ({ id: vmId(name), name, location: 'westeurope', osType: 'Linux', networkInterfaces: [{ id: nicId(name) }] });
const nicRow = (name: string, withNsg: boolean) => ({
  id: nicId(name),
  networkSecurityGroup: withNsg ? NSG : null,
  primary: null,
  privateIPAddress: '10.0.0.4',
  subnet: null,
  publicIPAddress: null,
});
const NIC_ROWS = [nicRow('vm-app-01', true), nicRow('vm-web-01', true), nicRow('vm-db-01', false)];
// Resource Graph's table result format, with the columns the console's queries project.
const VM_COLUMNS = ['id', 'name', 'location', 'osType', 'networkInterfaces'];
const NIC_COLUMNS = ['id', 'networkSecurityGroup', 'primary', 'privateIPAddress', 'subnet', 'publicIPAddress'];
const PUBLIC_IP_COLUMNS = ['id', 'ipAddress'];
const graphAnswer = (columns: string[], data: Record<string, unknown>[]) =>
  HttpResponse.json({
    totalRecords: data.length,
    count: data.length,
    resultTruncated: 'false',
    facets: [],
    data: { columns: columns.map((name) => ({ name, type: 'object' })), rows: data.map((row) => columns.map((name) => row[name] ?? null)) },
  });
const GRAPH = `${ARM_BASE_URL}/providers/Microsoft.ResourceGraph/resources`;
async function queriedType(request: Request): Promise<string> {
  const body = (await request.json()) as { query: string };
  return /type =~ '([^']+)'/.exec(body.query)?.[1] ?? '';
}

const list = (value: unknown[]) => HttpResponse.json({ value });
const provider = (path: string) => `${ARM_BASE_URL}/subscriptions/${SUB}/providers/${path}`;
let permissions: { actions: string[]; notActions: string[] }[] = [{ actions: ['*'], notActions: [] }];

const server = setupServer(
  http.get(`${ARM_BASE_URL}/emulator/status`, () =>
    HttpResponse.json({
      scenario: 'default',
      schemaVersion: 1,
      users: [{ upn: 'admin@contoso.com', name: 'Admin', roleName: 'Owner' }],
      now: new Date().toISOString(),
    }),
  ),
  http.get(`${ARM_BASE_URL}/subscriptions`, () =>
    list([{ id: `/subscriptions/${SUB}`, subscriptionId: SUB, tenantId: 't', displayName: 'Contoso Production', state: 'Enabled' }]),
  ),
  http.post(GRAPH, async ({ request }) => {
    const type = await queriedType(request);
    if (type === 'microsoft.compute/virtualmachines') return graphAnswer(VM_COLUMNS, [vmRow('vm-app-01'), vmRow('vm-web-01'), vmRow('vm-db-01')]);
    if (type === 'microsoft.network/networkinterfaces') return graphAnswer(NIC_COLUMNS, NIC_ROWS);
    return graphAnswer(PUBLIC_IP_COLUMNS, []);
  }),
  http.get(provider('Microsoft.ClassicCompute/virtualMachines'), () => list([])),
  http.get(provider('Microsoft.Network/virtualNetworks'), () => list([])),
  http.get(provider('Microsoft.Network/azureFirewalls'), () => list([])),
  http.get(provider('Microsoft.Security/pricings'), () =>
    list([{ id: `/subscriptions/${SUB}/providers/Microsoft.Security/pricings/VirtualMachines`, name: 'VirtualMachines', type: 'Microsoft.Security/pricings', properties: { pricingTier: 'Standard' } }]),
  ),
  http.get(provider('Microsoft.Security/jitNetworkAccessPolicies'), () =>
    list([
      {
        id: POLICY,
        name: 'default',
        type: 'Microsoft.Security/locations/jitNetworkAccessPolicies',
        location: 'westeurope',
        properties: {
          virtualMachines: [{ id: vmId('vm-app-01'), ports: [{ number: 22, protocol: '*', allowedSourceAddressPrefix: '*', maxRequestAccessDuration: 'PT3H' }] }],
          requests: [],
        },
      },
    ]),
  ),
  http.get(provider('Microsoft.Authorization/policyAssignments'), () => list([])),
  http.get(provider('Microsoft.Authorization/permissions'), () => list(permissions)),
  http.get(`${ARM_BASE_URL}/subscriptions/${SUB}/resourceGroups/:rg/providers/Microsoft.Authorization/permissions`, () => list(permissions)),
);

beforeAll(() => {
  server.listen({ onUnhandledRequest: 'error' });
});
afterEach(() => {
  server.resetHandlers();
  permissions = [{ actions: ['*'], notActions: [] }];
});
afterAll(() => {
  server.close();
});

function renderBlade(initial: BladeSearch = { tab: 'configured' }) {
  const actions: BladeActions = { enable: vi.fn(), edit: vi.fn(), requestAccess: vi.fn(), activityLog: vi.fn(), remove: vi.fn(), viewNsgRules: vi.fn() };
  function Harness() {
    const [search, setSearch] = useState(initial);
    return <Blade search={search} onSearchChange={setSearch} actions={actions} />;
  }
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={queryClient}>
      <I18nProvider initialLanguage="en">
        <Harness />
      </I18nProvider>
    </QueryClientProvider>,
  );
  return actions;
}

test('the tabs count and list the VMs the domain classified', async () => {
  renderBlade();
  expect(await screen.findByRole('tab', { name: 'Configured (1)' })).toHaveAttribute('aria-selected', 'true');
  expect(screen.getByRole('tab', { name: 'Recommended (1)' })).toBeInTheDocument();
  expect(screen.getByRole('tab', { name: 'Not recommended (1)' })).toBeInTheDocument();
  expect(within(screen.getByRole('table', { name: 'Configured' })).getByText('vm-app-01')).toBeInTheDocument();

  await userEvent.click(screen.getByRole('tab', { name: /Not recommended/ }));
  const notRecommended = screen.getByRole('table', { name: 'Not recommended' });
  expect(within(notRecommended).getByText('vm-db-01')).toBeInTheDocument();
  expect(within(notRecommended).getByText(/no public IP address and no network security group/)).toBeInTheDocument();
});

test('selecting recommended VMs enables "Enable JIT on N VMs" and hands them to the enable pane', async () => {
  const actions = renderBlade({ tab: 'recommended' });
  const button = await screen.findByRole('button', { name: 'Enable JIT on 0 VMs' });
  expect(button).toBeDisabled();
  await userEvent.click(await screen.findByRole('checkbox', { name: 'Select vm-web-01' }));
  const enable = await screen.findByRole('button', { name: 'Enable JIT on 1 VM' });
  await waitFor(() => {
    expect(enable).toBeEnabled();
  });
  await userEvent.click(enable);
  expect(actions.enable).toHaveBeenCalledWith([expect.objectContaining({ name: 'vm-web-01', resourceGroup: RG, subscriptionId: SUB })]);
});

test('a reader cannot request access: the button is disabled and names the missing action and scope', async () => {
  permissions = [{ actions: ['*/read'], notActions: [] }];
  renderBlade();
  await userEvent.click(await screen.findByRole('checkbox', { name: 'Select vm-app-01' }));
  expect(screen.getByRole('checkbox', { name: 'Select vm-app-01' })).toBeChecked();
  const button = screen.getByRole('button', { name: 'Request access' });
  await waitFor(() => {
    expect(button).toHaveAccessibleDescription(
      `You need Microsoft.Security/locations/jitNetworkAccessPolicies/initiate/action at /subscriptions/${SUB}/resourceGroups/${RG}.`,
    );
  });
  expect(button).toBeDisabled();
});

test('the search box filters as you type', async () => {
  renderBlade({ tab: 'recommended' });
  await screen.findByRole('tab', { name: 'Recommended (1)' });
  await userEvent.type(screen.getByRole('searchbox', { name: 'Search virtual machines' }), 'nomatch');
  expect(await screen.findByRole('tab', { name: 'Recommended (0)' })).toBeInTheDocument();
  expect(screen.getByText('No virtual machines match.')).toBeInTheDocument();
});

test('a reader sees the row menu with Edit, Request access and Remove disabled and explained', async () => {
  permissions = [{ actions: ['*/read'], notActions: [] }];
  const actions = renderBlade();
  await userEvent.click(await screen.findByRole('button', { name: 'More actions for vm-app-01' }));
  const edit = await screen.findByRole('menuitem', { name: /^Edit/ });
  await waitFor(() => {
    expect(edit).toHaveTextContent(`You need Microsoft.Security/locations/jitNetworkAccessPolicies/write at /subscriptions/${SUB}/resourceGroups/${RG}.`);
  });
  expect(edit).toHaveAttribute('aria-disabled', 'true');
  expect(screen.getByRole('menuitem', { name: /^Request access/ })).toHaveAttribute('aria-disabled', 'true');
  expect(screen.getByRole('menuitem', { name: /^Remove/ })).toHaveAttribute('aria-disabled', 'true');
  await userEvent.click(screen.getByRole('menuitem', { name: 'Activity log' }));
  expect(actions.activityLog).toHaveBeenCalledWith(expect.objectContaining({ name: 'vm-app-01' }));
});

test('the search box follows the URL when Back changes its text, and typing still filters afterwards', async () => {
  const actions: BladeActions = { enable: vi.fn(), edit: vi.fn(), requestAccess: vi.fn(), activityLog: vi.fn(), remove: vi.fn(), viewNsgRules: vi.fn() };
  let goTo: (search: BladeSearch) => void = () => undefined;
  function Harness() {
    const [search, setSearch] = useState<BladeSearch>({ tab: 'recommended', q: 'web' });
    goTo = setSearch;
    return <Blade search={search} onSearchChange={setSearch} actions={actions} />;
  }
  render(
    <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
      <I18nProvider initialLanguage="en">
        <Harness />
      </I18nProvider>
    </QueryClientProvider>,
  );
  const box = () => screen.getByRole('searchbox', { name: 'Search virtual machines' });
  expect(await screen.findByRole('tab', { name: 'Recommended (1)' })).toBeInTheDocument();
  expect(box()).toHaveValue('web');
  // Back to a URL with another search: the box shows it and the tabs count with it.
  act(() => {
    goTo({ tab: 'recommended', q: 'nomatch' });
  });
  expect(box()).toHaveValue('nomatch');
  expect(await screen.findByRole('tab', { name: 'Recommended (0)' })).toBeInTheDocument();
  await userEvent.clear(box());
  expect(await screen.findByRole('tab', { name: 'Recommended (1)' })).toBeInTheDocument();
});

test('the tabs follow the tablist keyboard pattern: arrows move the focus, Enter selects', async () => {
  renderBlade();
  const configured = await screen.findByRole('tab', { name: 'Configured (1)' });
  expect(configured).toHaveAttribute('tabindex', '0');
  expect(screen.getByRole('tab', { name: 'Recommended (1)' })).toHaveAttribute('tabindex', '-1');
  configured.focus();
  await userEvent.keyboard('{ArrowLeft}');
  expect(screen.getByRole('tab', { name: 'Not recommended (1)' })).toHaveFocus();
  await userEvent.keyboard('{Home}{ArrowRight}');
  const recommended = screen.getByRole('tab', { name: 'Recommended (1)' });
  expect(recommended).toHaveFocus();
  await userEvent.keyboard('{Enter}');
  expect(recommended).toHaveAttribute('aria-selected', 'true');
  expect(screen.getByRole('tabpanel')).toHaveAttribute('id', 'recommended-panel');
  expect(screen.getByRole('table', { name: 'Recommended' })).toBeInTheDocument();
});

test('while lists are outstanding the blade shows how many of the lists it needs have been answered', async () => {
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  server.use(
    http.post(GRAPH, async ({ request }) => {
      if ((await queriedType(request.clone())) !== 'microsoft.network/networkinterfaces') return undefined;
      await held;
      return graphAnswer(NIC_COLUMNS, NIC_ROWS);
    }),
  );
  renderBlade();
  // The subscriptions, 3 Resource Graph queries and the subscription's 6 lists: all answered but the NICs.
  const progress = await screen.findByRole('progressbar', { name: 'Loading virtual machines…' });
  await waitFor(() => {
    expect(progress).toHaveAttribute('aria-valuetext', '9 of 10 lists loaded');
  });
  expect(progress).toHaveAttribute('aria-valuenow', '90');
  expect(screen.queryByRole('table', { name: 'Configured' })).not.toBeInTheDocument();
  act(() => {
    release();
  });
  expect(await screen.findByRole('table', { name: 'Configured' })).toBeInTheDocument();
  expect(screen.queryByRole('progressbar')).not.toBeInTheDocument();
});

test('VMs that come in several Resource Graph pages: no count or row shows until the last page is in, then all of them do', async () => {
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  // 1,203 VMs: a first page of 1,000 (the console's $top) and a second page of 203, held back.
  const many = Array.from({ length: 1200 }, (_, i) => vmRow(`vm-bulk-${String(i).padStart(4, '0')}`));
  const all = [vmRow('vm-app-01'), vmRow('vm-db-01'), vmRow('vm-web-01'), ...many];
  server.use(
    http.post(GRAPH, async ({ request }) => {
      const body = (await request.clone().json()) as { query: string; options?: { $skip?: number; $top?: number } };
      if (!body.query.includes("'microsoft.compute/virtualmachines'")) return undefined;
      const skip = body.options?.$skip ?? 0;
      if (skip > 0) await held;
      const answer = (await graphAnswer(VM_COLUMNS, all.slice(skip, skip + (body.options?.$top ?? 1000))).json()) as Record<string, unknown>;
      return HttpResponse.json({ ...answer, totalRecords: all.length, count: Math.min(1000, all.length - skip) });
    }),
  );
  renderBlade();
  const progress = await screen.findByRole('progressbar', { name: 'Loading virtual machines…' });
  // Everything but the VMs: their first page is in, their second held back.
  await waitFor(() => {
    expect(progress).toHaveAttribute('aria-valuetext', '9 of 10 lists loaded');
  });
  expect(screen.queryByRole('tab', { name: /\(\d/ })).not.toBeInTheDocument();
  expect(screen.queryByRole('table', { name: 'Configured' })).not.toBeInTheDocument();
  act(() => {
    release();
  });
  // The bulk VMs have NICs nobody lists: no NSG, no public IP, so Not recommended.
  expect(await screen.findByRole('tab', { name: 'Not recommended (1,201)' })).toBeInTheDocument();
  expect(screen.getByRole('tab', { name: 'Configured (1)' })).toBeInTheDocument();
  expect(screen.getByRole('tab', { name: 'Recommended (1)' })).toBeInTheDocument();
  expect(screen.queryByRole('progressbar')).not.toBeInTheDocument();
});
