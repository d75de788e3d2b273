import { describe, expect, it } from 'vitest';
import type { AzureFirewall, NetworkSecurityGroup, SecurityRule } from './arm-types';
import { evaluateInbound, type InboundPacket } from './inbound';
import { firewallId, makeFirewall, makeNsg, nsgId, userRule, vmNetwork } from './fleet-builders';

const VM_IP = '10.0.1.4';

function verdict(
  nsgs: NetworkSecurityGroup[],
  packet: Partial<InboundPacket>,
  options: { subnet?: string[]; nic?: string[]; firewall?: AzureFirewall } = {},
) {
  const network = vmNetwork(
    'vm',
    VM_IP,
    { subnet: options.subnet ?? [], nic: options.nic ?? nsgs.map((n) => n.name) },
    options.firewall ? { name: options.firewall.name, publicIp: '52.1.1.1' } : undefined,
  );
  return evaluateInbound({
    packet: { sourceAddress: '198.51.100.7', port: 22, protocol: 'Tcp', via: 'vm', ...packet },
    network,
    nsgs: new Map(nsgs.map((n) => [n.id.toLowerCase(), n])),
    firewalls: new Map(options.firewall ? [[options.firewall.id.toLowerCase(), options.firewall]] : []),
  });
}

describe('evaluateInbound: NSG default rules', () => {
  const empty = makeNsg('n');

  it('denies internet traffic with DenyAllInBound when no rule allows it', () => {
    expect(verdict([empty], {})).toEqual({ allowed: false, steps: [{ resourceId: nsgId('n'), ruleName: 'DenyAllInBound', access: 'Deny' }] });
  });

  it('allows traffic from the virtual network (AllowVnetInBound) and from the Azure load balancer', () => {
    expect(verdict([empty], { sourceAddress: '10.0.7.9' }).steps[0]?.ruleName).toBe('AllowVnetInBound');
    expect(verdict([empty], { sourceAddress: '168.63.129.16' }).steps[0]?.ruleName).toBe('AllowAzureLoadBalancerInBound');
  });

  it('uses the NSG’s own defaultSecurityRules when it lists them', () => {
    const nsg = makeNsg('n');
    nsg.properties.defaultSecurityRules = [userRule('OnlyDefault', 65500, { port: '*', protocol: '*', access: 'Allow' })];
    expect(verdict([nsg], {})).toMatchObject({ allowed: true, steps: [{ ruleName: 'OnlyDefault' }] });
  });
});

describe('evaluateInbound: rule matching', () => {
  const one = (rule: SecurityRule, packet: Partial<InboundPacket> = {}) => verdict([makeNsg('n', [rule])], packet);

  it('applies the lowest priority number first', () => {
    const nsg = makeNsg('n', [userRule('allow', 200), userRule('deny', 100, { access: 'Deny' })]);
    expect(verdict([nsg], {}).steps[0]?.ruleName).toBe('deny');
  });

  it.each([
    ['exact port', { port: '22' }, true],
    ['port range', { port: '20-30' }, true],
    ['port range missing the port', { port: '23-30' }, false],
    ['any port', { port: '*' }, true],
    ['port list', { ports: ['80', '22'] }, true],
    ['source CIDR', { source: '198.51.100.0/24' }, true],
    ['other source CIDR', { source: '198.51.101.0/24' }, false],
    ['source list', { sources: ['192.0.2.1', '198.51.100.7'] }, true],
    ['Internet tag', { source: 'Internet' }, true],
    ['VirtualNetwork source tag', { source: 'VirtualNetwork' }, false],
    ['destination the VM', { destination: VM_IP }, true],
    ['destination another VM', { destination: '10.0.1.5' }, false],
    ['destination VirtualNetwork', { destination: 'VirtualNetwork' }, true],
    ['protocol Udp', { protocol: 'Udp' as const }, false],
    ['protocol any', { protocol: '*' as const }, true],
    ['outbound rule', { direction: 'Outbound' as const }, false],
  ])('%s', (_label, options, matches) => {
    const result = one(userRule('r', 100, options));
    expect(result.steps[0]?.ruleName === 'r').toBe(matches);
    expect(result.allowed).toBe(matches);
  });

  it('matches UDP packets only to Udp or any-protocol rules', () => {
    expect(one(userRule('r', 100, { protocol: 'Udp' }), { protocol: 'Udp' }).allowed).toBe(true);
    expect(one(userRule('r', 100, { protocol: 'Tcp' }), { protocol: 'Udp' }).allowed).toBe(false);
  });
});

describe('evaluateInbound: several NSGs and no NSG', () => {
  it('evaluates the subnet NSG, then the NIC NSG, and needs both to allow', () => {
    const subnet = makeNsg('subnet', [userRule('allow-ssh', 100)]);
    const nicDenies = makeNsg('nic');
    const denied = verdict([subnet, nicDenies], {}, { subnet: ['subnet'], nic: ['nic'] });
    expect(denied).toEqual({
      allowed: false,
      steps: [
        { resourceId: nsgId('subnet'), ruleName: 'allow-ssh', access: 'Allow' },
        { resourceId: nsgId('nic'), ruleName: 'DenyAllInBound', access: 'Deny' },
      ],
    });
    const nicAllows = makeNsg('nic', [userRule('allow-ssh-nic', 300)]);
    expect(verdict([subnet, nicAllows], {}, { subnet: ['subnet'], nic: ['nic'] }).allowed).toBe(true);
    expect(verdict([makeNsg('subnet'), nicAllows], {}, { subnet: ['subnet'], nic: ['nic'] }).steps).toHaveLength(1);
  });

  it('allows everything to a VM that no NSG guards', () => {
    expect(verdict([], {})).toEqual({ allowed: true, steps: [] });
  });
});

describe('evaluateInbound: via the Azure Firewall (DNAT)', () => {
  function firewallWith(rules: AzureFirewall['properties']['natRuleCollections'][number]['properties']['rules']): AzureFirewall {
    const fw = makeFirewall('fw');
    fw.properties.natRuleCollections = [{ name: 'SecurityCenter-JIT', properties: { priority: 100, action: { type: 'Dnat' }, rules } }];
    return fw;
  }
  const dnat = {
    name: 'jit',
    sourceAddresses: ['198.51.100.0/24'],
    destinationAddresses: ['52.1.1.1'],
    destinationPorts: ['50000'],
    protocols: ['TCP' as const],
    translatedAddress: VM_IP,
    translatedPort: '22',
  };
  const nsgAllowingSsh = makeNsg('n', [userRule('ssh', 100, { port: '22' })]);

  it('denies when the firewall has no matching DNAT rule, even if the NSG allows', () => {
    const result = verdict([nsgAllowingSsh], { via: 'firewall', port: 50000 }, { firewall: firewallWith([]) });
    expect(result).toEqual({ allowed: false, steps: [{ resourceId: firewallId('fw'), access: 'Deny' }] });
  });

  it('translates the port with the DNAT rule and evaluates the NSGs with the original source', () => {
    const result = verdict([nsgAllowingSsh], { via: 'firewall', port: 50000 }, { firewall: firewallWith([dnat]) });
    expect(result).toEqual({
      allowed: true,
      steps: [
        { resourceId: firewallId('fw'), ruleName: 'jit', access: 'Allow' },
        { resourceId: nsgId('n'), ruleName: 'ssh', access: 'Allow' },
      ],
    });
    const nsgFromOther = makeNsg('n', [userRule('ssh', 100, { port: '22', source: '192.0.2.0/24' })]);
    expect(verdict([nsgFromOther], { via: 'firewall', port: 50000 }, { firewall: firewallWith([dnat]) }).allowed).toBe(false);
  });

  it('needs the DNAT rule to match the source, the port and the protocol', () => {
    const fw = firewallWith([dnat]);
    expect(verdict([nsgAllowingSsh], { via: 'firewall', port: 50000, sourceAddress: '192.0.2.1' }, { firewall: fw }).allowed).toBe(false);
    expect(verdict([nsgAllowingSsh], { via: 'firewall', port: 50001 }, { firewall: fw }).allowed).toBe(false);
    expect(verdict([nsgAllowingSsh], { via: 'firewall', port: 50000, protocol: 'Udp' }, { firewall: fw }).allowed).toBe(false);
  });

  it('ignores a DNAT rule that forwards to another machine', () => {
    expect(verdict([nsgAllowingSsh], { via: 'firewall', port: 50000 }, { firewall: firewallWith([{ ...dnat, translatedAddress: '10.0.1.99' }]) }).allowed).toBe(false);
  });

  it('denies via the firewall when the VM has no firewall', () => {
    expect(verdict([nsgAllowingSsh], { via: 'firewall', port: 50000 }).allowed).toBe(false);
  });
});
