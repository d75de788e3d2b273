import { JIT_OPERATIONS, SYSTEM_CALLER } from '../../src/domain/activity';
import { fleet, type FleetBuilder } from './fleet-builder';

export const PRODUCTION_SUBSCRIPTION_ID = '6f1c2a3b-0d4e-4f5a-9b6c-7d8e9f0a1b2c';
export const DEV_TEST_SUBSCRIPTION_ID = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';

/**
 * The demo fleet: two subscriptions (Standard and Free), two locations, every classification case:
 * configured (with past and one open request), recommended Windows/Linux behind NIC and/or subnet
 * NSGs with user rules on 22 and 3389, firewall-protected VMs, classic VMs, JIT disabled by policy
 * at a resource group, no NSG with a public IP, and neither.
 */
export function defaultFleet(now: Date, seed = 20240501): FleetBuilder {
  const f = fleet({ scenario: 'default', seed, now });

  const prod = f.subscription('Contoso Production', { id: PRODUCTION_SUBSCRIPTION_ID, tier: 'Standard' });
  const dev = f.subscription('Contoso Dev/Test', { id: DEV_TEST_SUBSCRIPTION_ID, tier: 'Free' });

  // rg-web (westeurope): Windows web servers, NIC NSGs, user RDP rule on one.
  const web = prod.resourceGroup('rg-web', 'westeurope');
  const webVnet = web.vnet('vnet-web');
  const webSubnet = webVnet.subnet('snet-web');
  const nsgWeb01 = web.nsg('nsg-vm-web-01');
  const nsgWeb02 = web.nsg('nsg-vm-web-02');
  const nsgWeb03 = web.nsg('nsg-vm-web-03').withUserRule(3389, { source: '10.20.0.0/16', name: 'Allow-RDP-Office' });
  const nsgWeb04 = web.nsg('nsg-vm-web-04').withUserRule(443, { source: 'Internet', name: 'Allow-HTTPS' });
  web
    .vm('vm-web-01')
    .windows()
    .inSubnet(webSubnet)
    .withNicNsg(nsgWeb01)
    .withPublicIp()
    .jit([3389, 5985, 5986])
    .request({ port: 3389, hoursAgo: 30, hours: 3, requestor: 'admin@contoso.com', justification: 'Patch Tuesday updates' })
    .request({ port: 3389, hoursAgo: 1, hours: 3, requestor: 'requester@contoso.com', justification: 'メンテナンスのため' });
  web
    .vm('vm-web-02')
    .windows()
    .inSubnet(webSubnet)
    .withNicNsg(nsgWeb02)
    .withPublicIp()
    .jit([3389])
    .request({ port: 3389, hoursAgo: 100, hours: 2, requestor: 'requester@contoso.com', source: '198.51.100.0/24', justification: 'IIS log review' })
    .request({ port: 3389, hoursAgo: 24 * 10, hours: 1, requestor: 'admin@contoso.com', justification: 'Older than seven days' });
  web.vm('vm-web-03').windows().inSubnet(webSubnet).withNicNsg(nsgWeb03).withPublicIp();
  web.vm('vm-web-04').windows().inSubnet(webSubnet).withNicNsg(nsgWeb04).withPublicIp().tag('environment', 'production');

  // rg-app (westeurope): Linux app servers behind a subnet NSG (user SSH rule), one also with a NIC NSG.
  const app = prod.resourceGroup('rg-app', 'westeurope');
  const nsgAppSubnet = app.nsg('nsg-snet-app').withUserRule(22, { source: '10.30.0.0/16', name: 'Allow-SSH-Jumpbox' });
  const nsgApp03 = app.nsg('nsg-vm-app-03');
  const appSubnet = app.vnet('vnet-app').subnet('snet-app', { nsg: nsgAppSubnet });
  app
    .vm('vm-app-01')
    .linux()
    .inSubnet(appSubnet)
    .withPublicIp()
    .jit([22])
    .request({ port: 22, hoursAgo: 50, hours: 3, requestor: "=HYPERLINK(\"http://evil.example\",\"click\")", justification: '=1+2 (CSV injection probe)' });
  app.vm('vm-app-02').linux().inSubnet(appSubnet).withPublicIp();
  app.vm('vm-app-03').linux().inSubnet(appSubnet).withNicNsg(nsgApp03).withPublicIp();

  // rg-sql (northeurope): SQL servers, NIC NSGs, no public IP on one.
  const sql = prod.resourceGroup('rg-sql', 'northeurope');
  const sqlSubnet = sql.vnet('vnet-sql').subnet('snet-sql');
  const nsgSql = sql.nsg('nsg-sql').withUserRule(22, { source: 'Internet', name: 'Allow-SSH-Any' }).withUserRule(3389, { source: '203.0.113.0/24', name: 'Allow-RDP-Partner' });
  sql.vm('vm-sql-01').windows().inSubnet(sqlSubnet).withNicNsg(nsgSql).withPublicIp().jit([3389, 1433]);
  sql.vm('vm-sql-02').windows().inSubnet(sqlSubnet).withNicNsg(nsgSql).withPublicIp();
  sql.vm('vm-sql-03').linux().inSubnet(sqlSubnet).withNicNsg(nsgSql);

  // rg-hub (westeurope): a hub VNet with an Azure Firewall; its VMs have no public IP of their own.
  const hub = prod.resourceGroup('rg-hub', 'westeurope');
  const hubVnet = hub.vnet('vnet-hub').withFirewall('afw-hub');
  hubVnet.subnet('snet-workload');
  hub
    .vm('vm-fw-01')
    .windows()
    .behindFirewall(hubVnet)
    .jit([3389])
    .request({ port: 3389, hoursAgo: 20, hours: 2, requestor: 'requester@contoso.com', justification: 'Firewall-routed maintenance' });
  hub.vm('vm-fw-02').linux().behindFirewall(hubVnet);

  // rg-misc (northeurope): no NSG with a public IP; neither NSG nor public IP.
  const misc = prod.resourceGroup('rg-misc', 'northeurope');
  const miscSubnet = misc.vnet('vnet-misc').subnet('snet-misc');
  misc.vm('vm-test-01').linux().inSubnet(miscSubnet).withPublicIp();
  misc.vm('vm-batch-01').linux().inSubnet(miscSubnet);

  // rg-legacy (westeurope): JIT disabled by the Security Center policy; classic VMs.
  const legacy = prod.resourceGroup('rg-legacy', 'westeurope').disableJitByPolicy();
  const legacySubnet = legacy.vnet('vnet-legacy').subnet('snet-legacy');
  const nsgLegacy = legacy.nsg('nsg-legacy').withUserRule(3389, { source: 'Internet', name: 'Allow-RDP-Any' });
  legacy.vm('vm-legacy-01').windows().inSubnet(legacySubnet).withNicNsg(nsgLegacy).withPublicIp();
  legacy.vm('vm-legacy-02').linux().inSubnet(legacySubnet).withNicNsg(nsgLegacy).withPublicIp();
  const classic = prod.resourceGroup('rg-classic', 'westeurope');
  classic.classicVm('cvm-legacy-01', 'Windows').classicVm('cvm-legacy-02', 'Linux');

  // Dev/Test (Free tier): eligible-looking VMs that JIT refuses until the plan is upgraded.
  const devRg = dev.resourceGroup('rg-dev', 'westeurope');
  const devNsg = devRg.nsg('nsg-dev').withUserRule(22, { source: 'Internet', name: 'Allow-SSH-Any' });
  const devSubnet = devRg.vnet('vnet-dev').subnet('snet-dev', { nsg: devNsg });
  devRg.vm('vm-dev-01').linux().inSubnet(devSubnet).withPublicIp();
  devRg.vm('vm-dev-02').windows().inSubnet(devSubnet).withPublicIp();
  const devNorth = dev.resourceGroup('rg-dev-north', 'northeurope');
  const devNorthSubnet = devNorth.vnet('vnet-dev-north').subnet('snet-dev');
  devNorth.vm('vm-dev-03').linux().inSubnet(devNorthSubnet).withNicNsg(devNorth.nsg('nsg-vm-dev-03')).withPublicIp();
  devNorth.vm('vm-dev-04').windows().inSubnet(devNorthSubnet);

  // Hostile text in the activity log (the CSV export must neutralise it).
  f.event({
    hoursAgo: 5,
    operationName: 'Microsoft.Security/locations/jitNetworkAccessPolicies/read',
    status: 'Succeeded',
    caller: '=cmd|\' /C calc\'!A0',
    resourceId: `/subscriptions/${PRODUCTION_SUBSCRIPTION_ID}/resourceGroups/rg-web/providers/Microsoft.Compute/virtualMachines/vm-web-01`,
    description: '=HYPERLINK("http://evil.example","open")',
    correlationId: '11111111-2222-4333-8444-555555555555',
  });
  // An initiate whose caller is a formula (a request made through the API under a crafted name):
  // it shows among vm-web-01's "Initiate" events, so the usual activity-log view must export it inert.
  f.event({
    hoursAgo: 6,
    operationName: JIT_OPERATIONS.initiate,
    status: 'Succeeded',
    caller: '=HYPERLINK("http://evil.example","requester")',
    resourceId: `/subscriptions/${PRODUCTION_SUBSCRIPTION_ID}/resourceGroups/rg-web/providers/Microsoft.Compute/virtualMachines/vm-web-01`,
    description: '=HYPERLINK("http://evil.example","requester") requested access to port 3389 of vm-web-01.',
    correlationId: '22222222-3333-4444-8555-666666666666',
  });
  f.event({
    hoursAgo: 70,
    operationName: 'Microsoft.Security/locations/jitNetworkAccessPolicies/write',
    status: 'Failed',
    caller: SYSTEM_CALLER,
    resourceId: `/subscriptions/${PRODUCTION_SUBSCRIPTION_ID}/resourceGroups/rg-sql/providers/Microsoft.Compute/virtualMachines/vm-sql-01`,
    description: 'ポリシーの更新に失敗しました（ネットワーク タイムアウト）',
    correlationId: '66666666-7777-4888-9999-000000000000',
    level: 'Error',
  });
  return f;
}
