import { HttpResponse, http, type RequestHandler } from 'msw';
import { z } from 'zod';
import { requestText } from '../arm';
import { ArmError } from '../arm-error';
import { emulator } from '../emulator';
import { SCHEMA_VERSION } from '../store';
import { SCENARIO_NAMES } from '../scenarios/scenario-names';
import { buildScenario } from '../scenarios/scenarios';

// Emulator control (not ARM): status for the UI's notice and sign-in picker, reset, faults.
// No token needed: these drive the demo, not Azure.

const resetBody = z.object({ scenario: z.enum(SCENARIO_NAMES).default('default') });
const faultsBody = z
  .object({
    latencyMs: z.number().int().min(0).max(60_000),
    failureRate: z.number().min(0).max(1),
    failureStatus: z.union([z.literal(500), z.literal(503), z.literal(429)]),
    retryAfterSeconds: z.number().int().min(0).max(3600),
    dropRate: z.number().min(0).max(1),
    methods: z.array(z.string()),
    pathContains: z.string(),
    seed: z.number().int(),
  })
  .partial();

function status(): Response {
  const runtime = emulator();
  return HttpResponse.json({
    scenario: runtime.store.scenario,
    schemaVersion: SCHEMA_VERSION,
    ...(runtime.notice ? { notice: runtime.notice } : {}),
    users: runtime.store.users.map((user) => ({ upn: user.upn, name: user.name, roleName: user.roleName })),
    now: runtime.now().toISOString(),
    faults: runtime.faults.current,
  });
}

async function parseJson(request: Request): Promise<{ ok: true; value: unknown } | { ok: false; response: Response }> {
  try {
    const text = await requestText(request);
    return { ok: true, value: text.trim() === '' ? {} : (JSON.parse(text) as unknown) };
  } catch {
    return { ok: false, response: HttpResponse.json({ error: { code: 'InvalidRequestContent', message: 'The body is not JSON.' } }, { status: 400 }) };
  }
}

export function emulatorControlRoutes(baseUrl: string): RequestHandler[] {
  return [
    http.get(`${baseUrl}/emulator/status`, () => status()),
    http.post(`${baseUrl}/emulator/reset`, async ({ request }) => {
      const body = await parseJson(request);
      if (!body.ok) return body.response;
      const parsed = resetBody.safeParse(body.value);
      if (!parsed.success) {
        const given: unknown = typeof body.value === 'object' && body.value !== null && 'scenario' in body.value ? body.value.scenario : undefined;
        const shown = given === undefined ? (Array.isArray(body.value) ? 'a list instead of an object' : 'nothing') : (JSON.stringify(given) ?? typeof given);
        return HttpResponse.json(
          { error: { code: 'InvalidScenario', message: `scenario ${shown} is not valid: it must be one of ${SCENARIO_NAMES.join(', ')}.`, target: 'scenario' } },
          { status: 400 },
        );
      }
      const runtime = emulator();
      runtime.replace(buildScenario(parsed.data.scenario, runtime.now()));
      try {
        await runtime.commit();
      } catch (error) {
        if (error instanceof ArmError) return HttpResponse.json({ error: error.body }, { status: error.status });
        throw error;
      }
      return status();
    }),
    http.put(`${baseUrl}/emulator/faults`, async ({ request }) => {
      const body = await parseJson(request);
      if (!body.ok) return body.response;
      const parsed = faultsBody.safeParse(body.value);
      if (!parsed.success) {
        return HttpResponse.json({ error: { code: 'InvalidFaults', message: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ') } }, { status: 400 });
      }
      const config = emulator().faults.configure(Object.fromEntries(Object.entries(parsed.data).filter(([, value]) => value !== undefined)));
      return HttpResponse.json(config);
    }),
  ];
}
