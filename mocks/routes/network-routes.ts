import type { RequestHandler } from 'msw';
import { resourceReadRoutes } from './resource-routes';

export function networkRoutes(baseUrl: string): RequestHandler[] {
  return [
    ...resourceReadRoutes(baseUrl, { provider: 'network', resourceType: 'Microsoft.Network/networkInterfaces', table: (store) => store.networkInterfaces }),
    ...resourceReadRoutes(baseUrl, {
      provider: 'network',
      resourceType: 'Microsoft.Network/networkSecurityGroups',
      table: (store) => store.networkSecurityGroups,
      reflectsJit: true,
    }),
    ...resourceReadRoutes(baseUrl, { provider: 'network', resourceType: 'Microsoft.Network/publicIPAddresses', table: (store) => store.publicIpAddresses }),
    ...resourceReadRoutes(baseUrl, { provider: 'network', resourceType: 'Microsoft.Network/virtualNetworks', table: (store) => store.virtualNetworks }),
    ...resourceReadRoutes(baseUrl, {
      provider: 'network',
      resourceType: 'Microsoft.Network/azureFirewalls',
      table: (store) => store.azureFirewalls,
      reflectsJit: true,
    }),
  ];
}
