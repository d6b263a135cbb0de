import type { EngineDeps } from '../domain/engine.ts';
import { EngineConfig } from '../domain/engine-config.ts';
import { SentimentCache } from '../domain/sentiment/cache.ts';
import { describeIssues } from '../scoring/score-lines.ts';
import { readJsonFile, UsageError } from './args.ts';

/** Engine configuration from `--config FILE` (or the defaults) and a fresh sentiment cache. */
export function engineDepsFrom(configPath: string | undefined): EngineDeps {
  const raw = configPath === undefined ? {} : readJsonFile(configPath, 'config file');
  const parsed = EngineConfig.safeParse(raw);
  if (!parsed.success) throw new UsageError(`config file ${configPath} is not a valid engine configuration: ${describeIssues(parsed.error, 10)}`);
  return { config: parsed.data, sentiment: new SentimentCache() };
}
