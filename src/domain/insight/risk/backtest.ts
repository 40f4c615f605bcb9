/** How good a probability is on held-out outcomes: AUC, Brier score and calibration by decile. */
export interface Scored {
  readonly probability: number;
  readonly outcome: 0 | 1;
}

/** Area under the ROC curve: the chance a random positive scores above a random negative (ties count half). */
export function auc(scored: readonly Scored[]): number | null {
  const sorted = [...scored].sort((a, b) => a.probability - b.probability);
  const positives = sorted.filter((s) => s.outcome === 1).length;
  const negatives = sorted.length - positives;
  if (positives === 0 || negatives === 0) return null;
  // Mann–Whitney U with average ranks for ties.
  let rankSum = 0;
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j < sorted.length && sorted[j]!.probability === sorted[i]!.probability) j++;
    const averageRank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) if (sorted[k]!.outcome === 1) rankSum += averageRank;
    i = j;
  }
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Mean squared difference between the probability and the outcome (0 perfect, 0.25 a coin). */
export function brier(scored: readonly Scored[]): number | null {
  return scored.length === 0 ? null : scored.reduce((s, x) => s + (x.probability - x.outcome) ** 2, 0) / scored.length;
}

export interface CalibrationRow {
  readonly decile: number;
  readonly count: number;
  readonly meanPredicted: number;
  readonly observedRate: number;
}

/** Sorted by probability, cut into ten groups as equal as possible: predicted vs observed. */
export function calibrationByDecile(scored: readonly Scored[]): CalibrationRow[] {
  const sorted = [...scored].sort((a, b) => a.probability - b.probability);
  const rows: CalibrationRow[] = [];
  for (let d = 0; d < 10; d++) {
    const group = sorted.slice(Math.floor((d * sorted.length) / 10), Math.floor(((d + 1) * sorted.length) / 10));
    if (group.length === 0) continue;
    rows.push({
      decile: d + 1,
      count: group.length,
      meanPredicted: group.reduce((s, x) => s + x.probability, 0) / group.length,
      observedRate: group.reduce((s, x) => s + x.outcome, 0) / group.length,
    });
  }
  return rows;
}
