// The calibration file written by `calibrate` and read by `score --calibration` and `backtest
// --calibration`: the fitted RiskModel plus what it was fitted on and how it did. Versioned.
import { z } from 'zod';
import { RiskModel } from './risk-model.ts';

export const CALIBRATION_FORMAT = 'success-sidecar/risk-calibration@1';

export const CalibrationFile = z.object({
  format: z.literal(CALIBRATION_FORMAT),
  /** The latest as-of among the snapshots it was fitted from (the engine reads no clock). */
  dataAsOf: z.string(),
  horizonDays: z.number().int().positive(),
  mode: z.enum(['global', 'recalibrated', 'fitted']),
  reason: z.string(),
  model: RiskModel,
  fittedOn: z.object({
    renewals: z.number().int().nonnegative(),
    won: z.number().int().nonnegative(),
    lost: z.number().int().nonnegative(),
    firstCloseDate: z.string().nullable(),
    lastCloseDate: z.string().nullable(),
    skipped: z.record(z.string(), z.number()),
  }),
  validation: z.unknown(),
  /** The newest renewals' level against the kept model's, and the intercept change it made (level-shift.ts); absent in files written before the check. */
  levelShift: z
    .object({
      from: z.string(),
      renewals: z.number().int().nonnegative(),
      observedRate: z.number(),
      predictedRate: z.number(),
      z: z.number(),
      threshold: z.number(),
      seen: z.number(),
      applied: z.number(),
    })
    .nullable()
    .optional(),
  coefficients: z.array(z.object({ factor: z.string(), value: z.number(), global: z.number() })),
  backtest: z.unknown(),
});
export type CalibrationFile = z.infer<typeof CalibrationFile>;
