// Factor values spread like a real portfolio's, for tests that build backtest rows by hand
// (calibration, level shift). Draws from `random` in a fixed order, so a seed gives the same rows.
export function normalFrom(random: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** Seat utilisation for every row; a lost champion, stale engagement and usage decline for some. */
export function spreadFactors(random: () => number, normal: () => number): Record<string, number> {
  const x: Record<string, number> = { seat_utilisation: 3 * normal() };
  if (random() < 0.25) x.champion_lost = 1;
  if (random() < 0.3) x.engagement = 5 * random();
  if (random() < 0.3) x.usage_decline = 0.5 * random();
  return x;
}
