import type { Page } from '@playwright/test';

export const ARM = 'https://management.azure.com';

/** The same unsigned JWT the console sends: the emulator reads `upn` and `name`. */
export function tokenFor(upn: string): string {
  const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ upn, name: upn.split('@')[0], iat: 0 })}.`;
}

/**
 * Reads an ARM resource through the page, so the request goes to the emulator the page runs
 * (its fetch interceptor answers it): journeys check what the NSGs hold after a flow.
 */
export async function armGet<T>(page: Page, path: string, upn = 'admin@contoso.com'): Promise<T> {
  const url = path.startsWith('http') ? path : `${ARM}${path}`;
  const result = await page.evaluate(
    async ({ url, token }) => {
      const response = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
      return { status: response.status, body: (await response.json()) as unknown };
    },
    { url, token: tokenFor(upn) },
  );
  if (result.status !== 200) throw new Error(`GET ${url} → ${result.status}: ${JSON.stringify(result.body)}`);
  return result.body as T;
}

export interface NsgRuleView {
  name: string;
  properties: {
    priority: number;
    access: 'Allow' | 'Deny';
    destinationPortRange?: string;
    sourceAddressPrefix?: string;
    sourceAddressPrefixes?: string[];
    description?: string;
  };
}

export async function nsgRules(page: Page, nsgId: string): Promise<NsgRuleView[]> {
  const nsg = await armGet<{ properties: { securityRules: NsgRuleView[] } }>(
    page,
    `${nsgId}?api-version=2024-05-01`,
  );
  return nsg.properties.securityRules;
}

export function jitRules(rules: NsgRuleView[]): NsgRuleView[] {
  return rules.filter((rule) => rule.name.startsWith('SecurityCenter-JITRule'));
}
