import { fleet, type FleetBuilder } from './fleet-builder';

const SUBSCRIPTIONS = [
  { id: '1b2c3d4e-5f60-4718-8293-a4b5c6d7e8f9', name: 'Fabrikam Production', tier: 'Standard' as const },
  { id: '2c3d4e5f-6071-4829-93a4-b5c6d7e8f901', name: 'Fabrikam Staging', tier: 'Standard' as const },
  { id: '3d4e5f60-7182-4930-a4b5-c6d7e8f90112', name: 'Fabrikam Sandbox', tier: 'Free' as const },
];
const LOCATIONS = ['westeurope', 'northeurope', 'eastus'];
const ROLES = ['web', 'app', 'sql', 'api', 'batch'];
export const LARGE_VM_COUNT = 10_000;
const RESOURCE_GROUPS = 20;

/** 10,000 Resource Manager VMs over 3 subscriptions and 20 resource groups (plus a few classic VMs). */
export function largeFleet(now: Date, seed = 10_000): FleetBuilder {
  const f = fleet({ scenario: 'large', seed, now });
  const subs = SUBSCRIPTIONS.map((sub) => f.subscription(sub.name, { id: sub.id, tier: sub.tier }));
  const perGroup = LARGE_VM_COUNT / RESOURCE_GROUPS;
  for (let g = 0; g < RESOURCE_GROUPS; g++) {
    const sub = subs[g % subs.length];
    if (!sub) continue;
    const role = ROLES[g % ROLES.length] ?? 'web';
    const rg = sub.resourceGroup(`rg-${role}-${String(g + 1).padStart(2, '0')}`, LOCATIONS[g % LOCATIONS.length] ?? 'westeurope');
    if (g === 7) rg.disableJitByPolicy();
    const vnet = rg.vnet(`vnet-${String(g + 1).padStart(2, '0')}`);
    if (g % 5 === 4) vnet.withFirewall(`afw-${String(g + 1).padStart(2, '0')}`);
    const subnetNsg = rg.nsg(`nsg-snet-${String(g + 1).padStart(2, '0')}`).withUserRule(22, { source: '10.0.0.0/8', name: 'Allow-SSH-Corp' });
    const subnets = [
      vnet.subnet('snet-a', { nsg: subnetNsg }),
      vnet.subnet('snet-b', { nsg: subnetNsg }),
      vnet.subnet('snet-c'),
      vnet.subnet('snet-d'),
    ];
    const nicNsgs = Array.from({ length: 5 }, (_, i) => {
      const nsg = rg.nsg(`nsg-${role}-${String(g + 1).padStart(2, '0')}-${String(i + 1)}`);
      if (i === 0) nsg.withUserRule(3389, { source: '203.0.113.0/24', name: 'Allow-RDP-Partner' });
      return nsg;
    });
    for (let i = 0; i < perGroup; i++) {
      const vm = rg.vm(`vm-${role}-${String(g + 1).padStart(2, '0')}-${String(i + 1).padStart(4, '0')}`);
      const windows = f.prng.next() < 0.45;
      if (windows) vm.windows();
      const subnet = subnets[i % subnets.length];
      if (vnet.firewall && i % 10 === 0) vm.behindFirewall(vnet);
      else if (subnet) vm.inSubnet(subnet);
      const roll = f.prng.next();
      if (roll < 0.6) vm.withNicNsg(f.prng.pick(nicNsgs));
      if (!vnet.firewall || i % 10 !== 0) {
        if (f.prng.next() < 0.4) vm.withPublicIp();
      }
      // 5% configured, a fifth of those with a recent request.
      if (sub.tier === 'Standard' && g !== 7 && i % 20 === 0 && (vm.nicNsg || subnet?.nsg || vnet.firewall)) {
        vm.jit([windows ? 3389 : 22]);
        if (i % 100 === 0) vm.request({ port: windows ? 3389 : 22, hoursAgo: 1 + (i % 72), hours: 2, requestor: 'requester@contoso.com', justification: 'Scheduled maintenance' });
      }
    }
    if (g % 4 === 0) rg.classicVm(`cvm-${String(g + 1).padStart(2, '0')}`, 'Windows');
  }
  return f;
}
