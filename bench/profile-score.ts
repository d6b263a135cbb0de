// Profiling helper: node bench/profile-score.ts [ROUNDS] [--profile FILE] — the cached scoring
// loop alone. With --profile, a V8 CPU profile of the timed rounds only (not the portfolio's
// generation or the module loading) is written to FILE, for Chrome DevTools or a script.
// Also prints how fast an account is scored a second time right after the first
// (`secondScoringPerCpuSecond`: its snapshot is then in the CPU caches, while the loop over 3,000
// snapshots reads each one cold) — the difference is the cost of fetching the snapshot from memory.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { parseArgs } from 'node:util';
import { scoreAccount } from '../server/domain/engine.ts';
import { DEFAULT_ENGINE_CONFIG } from '../server/domain/engine-config.ts';
import { SentimentCache } from '../server/domain/sentiment/cache.ts';
import { AccountSnapshot } from '../server/domain/snapshot.ts';
import { generatePortfolio } from '../server/synthetic/portfolio.ts';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { profile: { type: 'string' } } });
const asOf = '2026-11-01T00:00:00.000Z';
const lines = Array.from(generatePortfolio({ seed: 'bench', accounts: 3000, asOf, ticketsPerAccount: 25 }), (g) => JSON.stringify(g.snapshot));
const snapshots = lines.map((l) => AccountSnapshot.parse(JSON.parse(l)));
const deps = { config: DEFAULT_ENGINE_CONFIG, sentiment: new SentimentCache(1_000_000) };
for (const s of snapshots) scoreAccount(s, deps);

const session = values.profile ? new Session() : null;
if (session) {
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
}
// Best of several rounds: other work on the shared cores only ever slows a round down.
let best = 0;
for (let r = 0; r < Number(positionals[0] ?? 6); r++) {
  const cpu = process.cpuUsage();
  for (const s of snapshots) scoreAccount(s, deps);
  const used = process.cpuUsage(cpu);
  best = Math.max(best, Math.round(snapshots.length / ((used.user + used.system) / 1e6)));
}
if (session && values.profile) {
  const { profile } = await session.post('Profiler.stop');
  writeFileSync(values.profile, JSON.stringify(profile));
  session.disconnect();
}
// Each account scored twice in a row, against once: the second scoring's share of the CPU time.
const cpuSeconds = (run: () => void) => {
  const cpu = process.cpuUsage();
  run();
  const used = process.cpuUsage(cpu);
  return (used.user + used.system) / 1e6;
};
let once = Infinity, twice = Infinity;
for (let r = 0; r < 3; r++) {
  once = Math.min(once, cpuSeconds(() => { for (const s of snapshots) scoreAccount(s, deps); }));
  twice = Math.min(twice, cpuSeconds(() => { for (const s of snapshots) { scoreAccount(s, deps); scoreAccount(s, deps); } }));
}
console.log(JSON.stringify({ cachedPerCpuSecondBestRound: best, secondScoringPerCpuSecond: Math.round(snapshots.length / (twice - once)) }));
