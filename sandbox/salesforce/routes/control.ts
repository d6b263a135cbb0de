// The sandbox's own control API under /__sandbox/ (JSON, no auth, never counted against the API
// allowance), so that a sandbox running as a separate process can be driven by a benchmark.
import express, { type Express, type Request, type Response } from 'express';
import { z } from 'zod';
import type { SandboxControl } from '../control.ts';

const Faults = z
  .object({
    seed: z.string().optional(),
    writeErrorRate: z.number().min(0).max(1).optional(),
    lockErrorRate: z.number().min(0).max(1).optional(),
    latencyMs: z.object({ min: z.number().min(0), max: z.number().min(0) }).optional(),
  })
  .nullable();
const Expire = z.object({ orgId: z.string().optional() }).default({});
const Archive = z.object({ orgId: z.string(), olderThanDays: z.number().int().min(0).default(365) });
const Move = z.object({ orgId: z.string() });
const Deactivate = z.object({ orgId: z.string(), userId: z.string() });
const Activity = z.object({ orgId: z.string(), accountFraction: z.number().min(0).max(1), seed: z.string() });
const ApiLimit = z.object({
  max: z.number().int().min(1).optional(),
  consume: z.object({ orgId: z.string(), count: z.number().int().min(0).max(10_000_000) }).optional(),
});

function handle<T extends z.ZodType>(schema: T, run: (input: z.output<T>) => unknown) {
  return (req: Request, res: Response): void => {
    const parsed = schema.safeParse(req.body);
    if (!parsed.success) {
      res.status(400).json([{ errorCode: 'INVALID_INPUT', message: parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ') }]);
      return;
    }
    try {
      res.status(200).json(run(parsed.data) ?? { ok: true });
    } catch (error) {
      res.status(400).json([{ errorCode: 'INVALID_INPUT', message: (error as Error).message }]);
    }
  };
}

export function registerControlRoutes(app: Express, control: SandboxControl): void {
  const json = express.json({ limit: '1mb', strict: false });
  app.get('/__sandbox/info', (_req, res) => {
    res.json(control.info());
  });
  app.get('/__sandbox/stats', (_req, res) => {
    res.json(control.stats());
  });
  app.get('/__sandbox/usage/:orgId', (req, res) => {
    try {
      res.json(control.apiUsage(String(req.params.orgId)));
    } catch (error) {
      res.status(404).json([{ errorCode: 'NOT_FOUND', message: (error as Error).message }]);
    }
  });
  app.post('/__sandbox/reset-stats', json, handle(z.unknown(), () => control.resetStats()));
  app.post('/__sandbox/faults', json, handle(Faults, (f) => control.setFaults(f)));
  app.post('/__sandbox/expire-tokens', json, handle(Expire, (e) => control.expireAccessTokens(e.orgId)));
  app.post('/__sandbox/deactivate-user', json, handle(Deactivate, (o) => control.deactivateUser(o.orgId, o.userId)));
  app.post('/__sandbox/api-limit', json, handle(ApiLimit, (o) => control.setApiLimit(o)));
  app.post('/__sandbox/simulate-activity', json, handle(Activity, (o) => control.simulateActivity(o)));
  app.post('/__sandbox/archive-activities', json, handle(Archive, (o) => control.archiveActivities(o)));
  app.post('/__sandbox/move-instance', json, async (req, res) => {
    const parsed = Move.safeParse(req.body);
    if (!parsed.success) {
      res.status(400).json([{ errorCode: 'INVALID_INPUT', message: parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ') }]);
      return;
    }
    try {
      res.json(await control.moveInstance(parsed.data.orgId));
    } catch (error) {
      res.status(400).json([{ errorCode: 'INVALID_INPUT', message: (error as Error).message }]);
    }
  });
}
