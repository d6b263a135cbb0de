// node bench/engine-ab.ts DIR [--accounts N --rounds N]
// This tree's engine against another commit's, back to back in one process: DIR holds that
// commit's server/domain, e.g.
//   git archive 53c79f4 server/domain app/src/app/cards/lib/model | tar -x -C /tmp/base && ln -s "$PWD/node_modules" /tmp/base/
// (leave out app/src/app/cards/lib/model for commits whose objectives do not import the card
// model's ranking yet: git archive fails on a path the commit does not have).
// Rounds alternate between the two on the same accounts (the best round of each counts: other work
// on shared cores only slows a round down). Prints one JSON line: accounts per CPU second, cached
// and fresh, the ratio of the best rounds and the median of each round's ratio, and how many
// results differ as JSON (must be 0 for a pure speed change).
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { scoreAccount, type EngineDeps } from '../server/domain/engine.ts';
import { DEFAULT_ENGINE_CONFIG } from '../server/domain/engine-config.ts';
import { analyzeSentiment } from '../server/domain/sentiment/analyze.ts';
import { SentimentCache } from '../server/domain/sentiment/cache.ts';
import { AccountSnapshot } from '../server/domain/snapshot.ts';
import { generatePortfolio } from '../server/synthetic/portfolio.ts';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { accounts: { type: 'string' }, rounds: { type: 'string' } } });
const dir = positionals[0];
if (!dir) throw new Error('usage: node bench/engine-ab.ts DIR (a folder holding the other commit’s server/domain)');
const other = (await import(pathToFileURL(resolve(dir, 'server/domain/engine.ts')).href)) as { scoreAccount: (s: AccountSnapshot, d: EngineDeps) => unknown };
const accounts = Number(values.accounts ?? 3000);
const rounds = Number(values.rounds ?? 6);

const asOf = '2026-11-01T00:00:00.000Z';
const snapshots = Array.from(generatePortfolio({ seed: 'bench', accounts, asOf, ticketsPerAccount: 25 }), (g) => AccountSnapshot.parse(JSON.parse(JSON.stringify(g.snapshot))));
const cached: EngineDeps = { config: DEFAULT_ENGINE_CONFIG, sentiment: new SentimentCache(1_000_000) };
const fresh: EngineDeps = { config: DEFAULT_ENGINE_CONFIG, sentiment: { score: analyzeSentiment } };

let differing = 0;
for (const s of snapshots) if (JSON.stringify(scoreAccount(s, cached)) !== JSON.stringify(other.scoreAccount(s, cached))) differing++;

function perCpuSecond(score: (s: AccountSnapshot, d: EngineDeps) => unknown, deps: EngineDeps): number {
  const cpu = process.cpuUsage();
  for (const s of snapshots) score(s, deps);
  const used = process.cpuUsage(cpu);
  return Math.round(snapshots.length / ((used.user + used.system) / 1e6));
}

const best = { otherCached: 0, thisCached: 0, otherFresh: 0, thisFresh: 0 };
// Each round's this ÷ other too: a slow spell on the shared cores hits both halves of a round, so
// the median of these ratios moves less than the ratio of the two best rounds.
const pairs = { cached: [] as number[], fresh: [] as number[] };
for (let r = 0; r < rounds; r++) {
  const otherCached = perCpuSecond(other.scoreAccount, cached);
  const thisCached = perCpuSecond(scoreAccount, cached);
  const otherFresh = perCpuSecond(other.scoreAccount, fresh);
  const thisFresh = perCpuSecond(scoreAccount, fresh);
  best.otherCached = Math.max(best.otherCached, otherCached);
  best.thisCached = Math.max(best.thisCached, thisCached);
  best.otherFresh = Math.max(best.otherFresh, otherFresh);
  best.thisFresh = Math.max(best.thisFresh, thisFresh);
  pairs.cached.push(thisCached / otherCached);
  pairs.fresh.push(thisFresh / otherFresh);
}
const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return Math.round((sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2) * 100) / 100;
};
console.log(JSON.stringify({
  bench: 'engine-ab',
  accounts,
  rounds,
  differing,
  ...best,
  cachedRatio: ratio(best.thisCached, best.otherCached),
  freshRatio: ratio(best.thisFresh, best.otherFresh),
  medianRoundCachedRatio: median(pairs.cached),
  medianRoundFreshRatio: median(pairs.fresh),
  loadAverage1m: Math.round(loadavg()[0]! * 10) / 10,
}));
