// The sandbox's own control API under /__sandbox/ (JSON, no auth, not counted in stats), so that a
// sandbox running as a separate process can be driven by a benchmark.
import express, { type Express, type Request, type Response } from 'express';
import { z } from 'zod';
import type { SandboxControl } from '../control.ts';

const Faults = z
  .object({
    seed: z.string().optional(),
    serverErrorRate: z.number().min(0).max(1).optional(),
    rateLimitBurstRate: z.number().min(0).max(1).optional(),
    rateLimitBurstLength: z.number().int().min(1).optional(),
    partialFailureRate: z.number().min(0).max(1).optional(),
    partialFailureScope: z.enum(['read', 'update', 'both']).optional(),
    latencyMs: z.object({ min: z.number().min(0), max: z.number().min(0) }).optional(),
    associationFailures: z
      .object({
        from: z.string().optional(),
        to: z.string().optional(),
        ids: z.array(z.string()).optional(),
        times: z.number().int().min(0).optional(),
        category: z.enum(['INTERNAL_ERROR', 'RATE_LIMITS']).optional(),
      })
      .optional(),
  })
  .nullable();
const RateLimit = z.object({ perTenSeconds: z.number().int().min(1).optional(), searchPerSecond: z.number().int().min(1).optional() });
const Expire = z.object({ portalId: z.number().int().optional() }).default({});
const Activity = z.object({ portalId: z.number().int(), companyFraction: z.number().min(0).max(1), seed: z.string() });

function handle<T extends z.ZodType>(schema: T, run: (input: z.output<T>) => unknown) {
  return (req: Request, res: Response): void => {
    const parsed = schema.safeParse(req.body);
    if (!parsed.success) {
      res.status(400).json({ status: 'error', message: parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; '), category: 'VALIDATION_ERROR' });
      return;
    }
    try {
      res.status(200).json(run(parsed.data) ?? { ok: true });
    } catch (error) {
      res.status(400).json({ status: 'error', message: (error as Error).message, category: 'VALIDATION_ERROR' });
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
  app.post('/__sandbox/reset-stats', json, handle(z.unknown(), () => control.resetStats()));
  app.post('/__sandbox/faults', json, handle(Faults, (f) => control.setFaults(f)));
  app.post('/__sandbox/rate-limit', json, handle(RateLimit, (r) => control.setRateLimit(r)));
  app.post('/__sandbox/expire-tokens', json, handle(Expire, (e) => control.expireAccessTokens(e.portalId)));
  app.post('/__sandbox/simulate-activity', json, handle(Activity, (a) => control.simulateActivity(a)));
}
