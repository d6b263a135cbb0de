import type { EngineConfig } from '../engine-config.ts';
import type { PreparedAccount } from '../prepare.ts';

/** One evaluation of the engine: an account, the configuration and the moment it is evaluated at. */
export interface EvalContext {
  readonly account: PreparedAccount;
  readonly config: EngineConfig;
  /** Epoch ms; data after it is ignored. `account.asOfMs` for "now", earlier for the trend. */
  readonly at: number;
  /**
   * Whether anyone will read the sentences. The trend and the candidate next steps only need the
   * numbers, and formatting reasons costs more than computing them.
   */
  readonly explain: boolean;
}

export interface ComponentOutcome {
  /** 0–1, higher is better; 0.5 when there is no data. */
  readonly value: number;
  readonly hasData: boolean;
  readonly reason: string;
}

export const NO_DATA_VALUE = 0.5;
