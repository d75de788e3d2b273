import type { RequestHandler } from 'msw';
import { resourceReadRoutes } from './resource-routes';

export function computeRoutes(baseUrl: string): RequestHandler[] {
  return [
    ...resourceReadRoutes(baseUrl, { provider: 'compute', resourceType: 'Microsoft.Compute/virtualMachines', table: (store) => store.virtualMachines }),
    ...resourceReadRoutes(baseUrl, {
      provider: 'classicCompute',
      resourceType: 'Microsoft.ClassicCompute/virtualMachines',
      table: (store) => store.classicVirtualMachines,
    }),
  ];
}
