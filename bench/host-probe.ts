// How fast the host is at this moment, by two workloads that do not depend on this project's code:
// the shared 2-core machines change speed by up to 2× within minutes (other tenants of the host),
// and a figure of the engine means little without knowing which state the host was in.
// - arithmeticMops: millions of steps per second of a 32-bit mixing loop (CPU-bound, in registers);
// - memoryLatencyNs: nanoseconds per step of a pointer chase through 64 MB in a random cycle
//   (each step waits for one memory fetch, as the engine does for each object of a cold snapshot).
export interface HostProbe {
  readonly arithmeticMops: number;
  readonly memoryLatencyNs: number;
}

function arithmeticMops(steps: number): number {
  let a = 0x9e3779b9;
  const started = performance.now();
  for (let i = 0; i < steps; i++) {
    a = (a + 0x6d2b79f5) | 0;
    a = Math.imul(a ^ (a >>> 15), a | 1);
  }
  const ms = performance.now() - started;
  if (a === 42) console.error(''); // keeps the loop's result alive
  return Math.round(steps / ms / 1000);
}

function memoryLatencyNs(entries: number, steps: number): number {
  // One cycle through every entry in the order of a full-period linear congruential generator
  // (entries a power of two, increment odd, multiplier ≡ 1 mod 4): built in one sequential pass,
  // and an order the hardware prefetcher cannot follow.
  const mask = entries - 1;
  const next = new Int32Array(entries);
  for (let i = 0; i < entries; i++) next[i] = (Math.imul(i, 1_664_525) + 1_013_904_223) & mask;
  let at = 0;
  const started = performance.now();
  for (let i = 0; i < steps; i++) at = next[at]!;
  const ms = performance.now() - started;
  if (at === -1) console.error(''); // keeps the chase alive
  return Math.round(((ms * 1e6) / steps) * 10) / 10;
}

export function probeHost(): HostProbe {
  return { arithmeticMops: arithmeticMops(50_000_000), memoryLatencyNs: memoryLatencyNs(16 * 1024 * 1024, 1_000_000) };
}
