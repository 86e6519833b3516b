/**
 * Small-cell suppression of published statistics, by construction: every count that leaves the
 * server goes through publishCount(), so each is 0, the string "<5" (true count 1–4), or a
 * multiple of 5 (true count ≥ 5 rounded to the nearest multiple, halves up, never below 5).
 * Every number published is thus a multiple of 5, and so is the difference of any two: no
 * subtraction of two answers (a filter and its refinement, two siblings, a total and its rows)
 * yields 1–4. "<5" carries no number to subtract. Each cell is rounded on its own, so totals may
 * differ from the sum of their rounded rows.
 */
export const SUPPRESSION_THRESHOLD = 5;
export const ROUND_TO = 5;
export const SUPPRESSED_LABEL = '<5';

/** A published count: 0, a multiple of 5, or "<5". */
export type Count = number | typeof SUPPRESSED_LABEL;

export function publishCount(trueCount: number): Count {
  if (!Number.isInteger(trueCount) || trueCount < 0) {
    throw new RangeError(`A count must be a non-negative integer, got ${trueCount}`);
  }
  if (trueCount === 0) return 0;
  if (trueCount < SUPPRESSION_THRESHOLD) return SUPPRESSED_LABEL;
  return Math.max(ROUND_TO, Math.round(trueCount / ROUND_TO) * ROUND_TO);
}

/**
 * A histogram of whole values (days, minutes): value → how many cases. The median is published
 * only when the cell has at least 5 cases, as a whole number; otherwise null.
 */
export type Histogram = Map<number, number>;

export function addTo<K>(counts: Map<K, number>, key: K, count: number): void {
  counts.set(key, (counts.get(key) ?? 0) + count);
}

export function publishMedian(histogram: Histogram): number | null {
  let total = 0;
  for (const count of histogram.values()) total += count;
  if (total < SUPPRESSION_THRESHOLD) return null;
  const values = [...histogram.keys()].sort((a, b) => a - b);
  // The lower and upper middle values (the same for an odd total); their mean, rounded.
  const at = (rank: number): number => {
    let seen = 0;
    for (const value of values) {
      seen += histogram.get(value) ?? 0;
      if (seen > rank) return value;
    }
    return values[values.length - 1];
  };
  const lower = at(Math.floor((total - 1) / 2));
  const upper = at(Math.floor(total / 2));
  return Math.round((lower + upper) / 2);
}
