// The calibration file written by `calibrate` and read by `score --calibration` and `backtest
// --calibration`: the fitted RiskModel plus what it was fitted on and how it did. Versioned: @2 is a
// model with bends in some factors' effects (RiskModel.hinges), which a reader of @1 would drop
// without a word, so a file says @2 only when its model has them and stays @1 otherwise.
import { z } from 'zod';
import { RiskModel } from './risk-model.ts';

export const CALIBRATION_FORMAT = 'success-sidecar/risk-calibration@1';
export const CALIBRATION_FORMAT_BENT = 'success-sidecar/risk-calibration@2';

/** The format a file holding `model` is written in: the oldest that carries everything in it. */
export const calibrationFormatFor = (model: RiskModel) => ((model.hinges?.length ?? 0) > 0 ? CALIBRATION_FORMAT_BENT : CALIBRATION_FORMAT);

export const CalibrationFile = z.object({
  format: z.enum([CALIBRATION_FORMAT, CALIBRATION_FORMAT_BENT]),
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
  coefficients: z.array(z.object({ factor: z.string(), value: z.number(), global: z.number() })),
  backtest: z.unknown(),
});
export type CalibrationFile = z.infer<typeof CalibrationFile>;
