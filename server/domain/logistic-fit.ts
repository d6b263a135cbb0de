// Penalised maximum-likelihood logistic regression by Newton's method: minimises the negative
// log-likelihood plus ½ Σ penalty_j (β_j − prior_j)², so each coefficient is pulled towards its
// prior in proportion to its penalty (0 leaves it free, as for the intercept). Observations may be
// weighted (a weight of 2 counts a renewal twice); without weights each counts once.

export interface LogisticProblem {
  /** One row of feature values per observation (without the intercept's constant 1). */
  x: readonly (readonly number[])[];
  /** 1 renewed, 0 lost. */
  y: readonly number[];
  /** Intercept first, then one per feature. */
  prior: readonly number[];
  penalty: readonly number[];
  /** One per observation, ≥ 0; all 1 when absent. */
  weight?: readonly number[];
}

export interface LogisticFit {
  beta: number[];
  iterations: number;
  converged: boolean;
}

function objective(p: LogisticProblem, beta: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < p.y.length; i++) {
    const z = linear(beta, p.x[i]!);
    // log(1 + e^z) − y·z, computed without overflow
    sum += (p.weight?.[i] ?? 1) * ((z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))) - p.y[i]! * z);
  }
  for (let j = 0; j < beta.length; j++) sum += 0.5 * p.penalty[j]! * (beta[j]! - p.prior[j]!) ** 2;
  return sum;
}

function linear(beta: readonly number[], row: readonly number[]): number {
  let z = beta[0]!;
  for (let j = 0; j < row.length; j++) z += beta[j + 1]! * row[j]!;
  return z;
}

/** Solves A·v = b by Gaussian elimination with partial pivoting (A is small and positive definite here). */
export function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r]![col]!) > Math.abs(m[pivot]![col]!)) pivot = r;
    [m[col], m[pivot]] = [m[pivot]!, m[col]!];
    const d = m[col]![col]!;
    if (Math.abs(d) < 1e-12) throw new Error('singular system');
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = m[r]![col]! / d;
      if (f === 0) continue;
      for (let c = col; c <= n; c++) m[r]![c]! -= f * m[col]![c]!;
    }
  }
  return m.map((row, i) => row[n]! / row[i]!);
}

export function fitLogistic(problem: LogisticProblem, maxIterations = 50): LogisticFit {
  const k = problem.prior.length;
  let beta = [...problem.prior];
  let current = objective(problem, beta);
  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    const gradient = beta.map((b, j) => problem.penalty[j]! * (b - problem.prior[j]!));
    const hessian = Array.from({ length: k }, (_, r) => Array.from({ length: k }, (_, c) => (r === c ? problem.penalty[r]! + 1e-9 : 0)));
    for (let i = 0; i < problem.y.length; i++) {
      const row = problem.x[i]!;
      const z = linear(beta, row);
      const mu = 1 / (1 + Math.exp(-z));
      const weight = problem.weight?.[i] ?? 1;
      const w = weight * mu * (1 - mu);
      const residual = weight * (mu - problem.y[i]!);
      for (let r = 0; r < k; r++) {
        const xr = r === 0 ? 1 : row[r - 1]!;
        if (xr === 0) continue;
        gradient[r]! += residual * xr;
        for (let c = 0; c < k; c++) {
          const xc = c === 0 ? 1 : row[c - 1]!;
          if (xc !== 0) hessian[r]![c]! += w * xr * xc;
        }
      }
    }
    const step = solve(hessian, gradient);
    let scale = 1;
    let next = beta.map((b, j) => b - step[j]!);
    let value = objective(problem, next);
    while (value > current && scale > 1e-4) {
      scale /= 2;
      next = beta.map((b, j) => b - scale * step[j]!);
      value = objective(problem, next);
    }
    const change = Math.max(...next.map((b, j) => Math.abs(b - beta[j]!)));
    beta = next;
    current = value;
    if (change < 1e-7) return { beta, iterations: iteration, converged: true };
  }
  return { beta, iterations: maxIterations, converged: false };
}
