import type { EngineDeps } from '../domain/engine.ts';
import { EngineConfig } from '../domain/engine-config.ts';
import type { RiskModel } from '../domain/risk-model.ts';
import { SentimentCache } from '../domain/sentiment/cache.ts';
import { describeIssues } from '../scoring/score-lines.ts';
import { readJsonFile, UsageError } from './args.ts';

/** Engine configuration from `--config FILE` (or the defaults) and a fresh sentiment cache; a calibration's model replaces the risk model. */
export function engineDepsFrom(configPath: string | undefined, riskModel?: RiskModel): EngineDeps {
  const raw = configPath === undefined ? {} : readJsonFile(configPath, 'config file');
  const parsed = EngineConfig.safeParse(raw);
  if (!parsed.success) throw new UsageError(`config file ${configPath} is not a valid engine configuration: ${describeIssues(parsed.error, 10)}`);
  return { config: riskModel ? { ...parsed.data, riskModel } : parsed.data, sentiment: new SentimentCache() };
}
