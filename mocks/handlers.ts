import { HttpResponse, http, type RequestHandler } from 'msw';
import { ARM_BASE_URL } from './arm-config';
import { authorizationRoutes } from './routes/authorization-routes';
import { computeRoutes } from './routes/compute-routes';
import { emulatorControlRoutes } from './routes/emulator-control-routes';
import { insightsRoutes } from './routes/insights-routes';
import { networkRoutes } from './routes/network-routes';
import { resourceGraphRoutes } from './routes/resource-graph-routes';
import { resourcesRoutes } from './routes/resources-routes';
import { securityRoutes } from './routes/security-routes';

/** Every handler of the emulator on `baseUrl`: the one list the browser worker, Node tests and e2e share. */
export function createHandlers(baseUrl: string = ARM_BASE_URL): RequestHandler[] {
  return [
    // First: msw tries the handlers in order, parsing the URL (and the cookies) for each one until
    // one matches, and the blade's Resource Graph pages are most of a large fleet's calls.
    ...resourceGraphRoutes(baseUrl),
    ...emulatorControlRoutes(baseUrl),
    ...resourcesRoutes(baseUrl),
    ...computeRoutes(baseUrl),
    ...networkRoutes(baseUrl),
    ...securityRoutes(baseUrl),
    ...authorizationRoutes(baseUrl),
    ...insightsRoutes(baseUrl),
    // Anything else on the ARM host is ARM's 404, never an unhandled request.
    http.all(`${baseUrl}/*`, ({ request }) => {
      const path = new URL(request.url).pathname;
      return HttpResponse.json(
        { error: { code: 'InvalidResourceType', message: `The resource type or route '${request.method} ${path}' could not be found (this Azure emulator does not serve it).` } },
        { status: 404, headers: { 'x-ms-request-id': '00000000-0000-0000-0000-000000000000' } },
      );
    }),
  ];
}

export const handlers: RequestHandler[] = createHandlers();
