import { JIT_OPERATIONS, SYSTEM_CALLER } from '../../src/domain/activity';
import { fleet, type FleetBuilder } from './fleet-builder';

export const HOSTILE_SUBSCRIPTION_ID = '0badc0de-1234-4abc-8def-0123456789ab';

// Text that must render as text everywhere and export inert in CSV (issue 6, "Hostile names").
export const HOSTILE_TEXT = {
  img: '<img src=x onerror=alert(1)>',
  script: '<script>alert(1)</script>',
  /** RIGHT-TO-LEFT OVERRIDE: what follows displays reversed. */
  rtl: '\u202E',
  japanese: '本番環境のメンテナンス',
  /** 500 characters. */
  long: `${'<b>長い</b>-'.repeat(50)}`.padEnd(500, 'x').slice(0, 500),
} as const;

/**
 * VM names as hostile as ARM allows. A Linux VM name may be 64 characters (Windows: 15); Unicode
 * letters are accepted, so are format characters such as U+202E, which ARM does not strip. A VM in
 * a JIT policy must keep policy name + VM name ≤ 56 characters, so the 64-character one is only
 * recommended.
 */
export const HOSTILE_VM_NAMES = {
  /** 64 characters, Linux, recommended (no policy can hold it under the name 'default'). */
  long: `vm-${'very-long-name-'.repeat(5)}`.slice(0, 63) + '9',
  /** Japanese, Windows, configured with an open request from a hostile requestor. */
  japanese: '本番-サーバー-01',
  /** Displays as "vm-web-01" (the override reverses "10-bew"), configured, with a hostile open request. */
  rtlSpoof: `vm-${HOSTILE_TEXT.rtl}10-bew`,
  /** Recommended: NIC NSG and a public IP, hostile tags (ARM refuses < > & in VM names, so the markup is in the tags). */
  recommended: 'vm-おすすめ-01',
  /** Not recommended: a public IP and no NSG. */
  notRecommended: 'vm-ノーNSG-公開',
} as const;

/** The requestor of the open requests (not a directory user: the request was made through the API). */
export const HOSTILE_REQUESTOR = `${HOSTILE_TEXT.img}@contoso.com`;
export const HOSTILE_JUSTIFICATION = `${HOSTILE_TEXT.script} ${HOSTILE_TEXT.rtl}${HOSTILE_TEXT.japanese} ${HOSTILE_TEXT.long}`;

/**
 * A small fleet for the UI's hostile-names journey: HTML, script, right-to-left overrides, long
 * strings and Japanese in VM names, tags, justifications, requestors, callers and descriptions, and
 * activity events whose caller or description starts with =, +, -, @ or a tab (CSV formula injection).
 */
export function hostileFleet(now: Date, seed = 666): FleetBuilder {
  const f = fleet({ scenario: 'hostile', seed, now });
  const sub = f.subscription(`Hostile ${HOSTILE_TEXT.img}`, { id: HOSTILE_SUBSCRIPTION_ID, tier: 'Standard' });
  const rg = sub.resourceGroup('rg-hostile', 'westeurope');
  const subnet = rg.vnet('vnet-hostile').subnet('snet-hostile');
  const hostileTags = (vm: ReturnType<typeof rg.vm>) =>
    vm
      .tag('environment', HOSTILE_TEXT.img)
      .tag('owner', HOSTILE_TEXT.script)
      .tag('部署', HOSTILE_TEXT.japanese)
      .tag('direction', `${HOSTILE_TEXT.rtl}txt.exe`)
      .tag('note', HOSTILE_TEXT.long)
      .tag('formula', '=HYPERLINK("http://evil.example","x")');

  hostileTags(
    rg
      .vm(HOSTILE_VM_NAMES.japanese)
      .windows()
      .inSubnet(subnet)
      .withNicNsg(rg.nsg('nsg-本番-01'))
      .withPublicIp()
      .jit([3389, 22])
      .request({ port: 3389, hoursAgo: 1, hours: 3, requestor: HOSTILE_REQUESTOR, justification: HOSTILE_JUSTIFICATION }),
  );
  hostileTags(
    rg
      .vm(HOSTILE_VM_NAMES.rtlSpoof)
      .linux()
      .inSubnet(subnet)
      .withNicNsg(rg.nsg('nsg-rtl'))
      .withPublicIp()
      .jit([22])
      .request({ port: 22, hoursAgo: 2, hours: 3, requestor: `=cmd|' /C calc'!A0`, justification: `+${HOSTILE_TEXT.img}` })
      .request({ port: 22, hoursAgo: 30, hours: 1, requestor: `@SUM(1+1)*cmd|' /C calc'!A0`, justification: `-2+3 ${HOSTILE_TEXT.script}` }),
  );
  hostileTags(rg.vm(HOSTILE_VM_NAMES.long).linux().inSubnet(subnet).withNicNsg(rg.nsg('nsg-long')).withPublicIp());
  hostileTags(rg.vm(HOSTILE_VM_NAMES.recommended).linux().inSubnet(subnet).withNicNsg(rg.nsg('nsg-recommended')).withPublicIp());
  hostileTags(rg.vm(HOSTILE_VM_NAMES.notRecommended).linux().inSubnet(subnet).withPublicIp());

  const vmId = (name: string) => `/subscriptions/${HOSTILE_SUBSCRIPTION_ID}/resourceGroups/rg-hostile/providers/Microsoft.Compute/virtualMachines/${name}`;
  // Callers and descriptions starting with the characters spreadsheets read as formulas.
  const starts = ['=', '+', '-', '@', '\t'];
  starts.forEach((start, index) => {
    f.event({
      hoursAgo: 3 + index,
      operationName: JIT_OPERATIONS.initiate,
      status: 'Succeeded',
      caller: `${start}HYPERLINK("http://evil.example","${HOSTILE_TEXT.img}")`,
      resourceId: vmId(HOSTILE_VM_NAMES.japanese),
      description: `${start}cmd|' /C calc'!A0 ${HOSTILE_TEXT.script} ${HOSTILE_TEXT.rtl}${HOSTILE_TEXT.japanese}`,
      correlationId: `0badc0de-0000-4000-8000-00000000000${String(index)}`,
    });
  });
  f.event({
    hoursAgo: 12,
    operationName: JIT_OPERATIONS.policyWrite,
    status: 'Failed',
    caller: SYSTEM_CALLER,
    resourceId: vmId(HOSTILE_VM_NAMES.rtlSpoof),
    description: HOSTILE_TEXT.long,
    correlationId: '0badc0de-0000-4000-8000-0000000000ff',
    level: 'Error',
  });
  return f;
}
