/**
 * Logistic regression trained by full-batch gradient descent: fixed iterations, zero start,
 * features standardised on the training set, L2 penalty. No randomness, so the same history
 * always gives the same model.
 */
export interface LogisticModel {
  readonly means: readonly number[];
  readonly scales: readonly number[];
  readonly intercept: number;
  /** Per standardised feature. */
  readonly weights: readonly number[];
}

export interface TrainingOptions {
  readonly iterations: number;
  readonly learningRate: number;
  readonly l2: number;
}

const defaultTraining: TrainingOptions = { iterations: 500, learningRate: 0.5, l2: 0.001 };

export function trainLogistic(rows: readonly (readonly number[])[], labels: readonly (0 | 1)[], options: TrainingOptions = defaultTraining): LogisticModel {
  if (rows.length === 0 || rows.length !== labels.length) throw new RangeError('training needs as many labels as rows, at least one');
  const width = rows[0]!.length;
  const means = Array.from({ length: width }, (_, j) => rows.reduce((s, r) => s + r[j]!, 0) / rows.length);
  const scales = means.map((mean, j) => Math.sqrt(rows.reduce((s, r) => s + (r[j]! - mean) ** 2, 0) / rows.length) || 1);
  const x = rows.map((r) => r.map((v, j) => (v - means[j]!) / scales[j]!));
  let intercept = 0;
  const weights = new Array<number>(width).fill(0);
  for (let iteration = 0; iteration < options.iterations; iteration++) {
    let gradIntercept = 0;
    const grad = new Array<number>(width).fill(0);
    x.forEach((row, i) => {
      const error = sigmoid(intercept + dot(weights, row)) - labels[i]!;
      gradIntercept += error;
      row.forEach((v, j) => (grad[j]! += error * v));
    });
    intercept -= (options.learningRate * gradIntercept) / x.length;
    weights.forEach((w, j) => (weights[j] = w - options.learningRate * (grad[j]! / x.length + options.l2 * w)));
  }
  return { means, scales, intercept, weights };
}

export function predict(model: LogisticModel, row: readonly number[]): number {
  return sigmoid(model.intercept + dot(model.weights, standardise(model, row)));
}

/** Each feature's share of the log-odds above the training average (for the reasons). */
export function contributions(model: LogisticModel, row: readonly number[]): number[] {
  return standardise(model, row).map((v, j) => v * model.weights[j]!);
}

function standardise(model: LogisticModel, row: readonly number[]): number[] {
  return row.map((v, j) => (v - model.means[j]!) / model.scales[j]!);
}

function dot(a: readonly number[], b: readonly number[]): number {
  return a.reduce((s, v, i) => s + v * b[i]!, 0);
}

function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}
