// The extraction benchmark's published scoring (Scrapinghub's
// article-extraction-benchmark): word 4-gram multisets per page, counts
// normalised per page so long pages do not weigh more, precision and recall
// averaged over pages, F1 of the two averages.

/** Python's Unicode `\w+`: letters, digits (every numeric category) and underscore. */
const WORD = /[\p{L}\p{N}_]+/gu;

export function tokenize(text: string): string[] {
  return text.match(WORD) ?? [];
}

/** Overlapping word n-grams; a text shorter than n words gives one shingle of all its words. */
export function shingles(text: string, n = 4): Map<string, number> {
  const tokens = tokenize(text);
  const counts = new Map<string, number>();
  const last = Math.max(1, tokens.length - n + 1);
  for (let i = 0; i < last; i += 1) {
    const shingle = tokens.slice(i, i + n).join(' ');
    if (shingle) counts.set(shingle, (counts.get(shingle) ?? 0) + 1);
  }
  return counts;
}

export interface PageMatch {
  tp: number;
  fp: number;
  fn: number;
}

/** tp, fp and fn for one page, each divided by their sum (all 0 when both texts are empty). */
export function matchPage(truth: string, predicted: string, n = 4): PageMatch {
  const want = shingles(truth, n);
  const got = shingles(predicted, n);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const key of new Set([...want.keys(), ...got.keys()])) {
    const t = want.get(key) ?? 0;
    const p = got.get(key) ?? 0;
    tp += Math.min(t, p);
    fp += Math.max(0, p - t);
    fn += Math.max(0, t - p);
  }
  const sum = tp + fp + fn;
  return sum > 0 ? { tp: tp / sum, fp: fp / sum, fn: fn / sum } : { tp: 0, fp: 0, fn: 0 };
}

export interface PageScore {
  precision: number | null;
  recall: number | null;
  f1: number;
}

export function scorePage(m: PageMatch): PageScore {
  // Nothing expected and nothing predicted: a perfect answer.
  if (m.tp === 0 && m.fp === 0 && m.fn === 0) return { precision: 1, recall: 1, f1: 1 };
  const precision = m.tp + m.fp > 0 ? m.tp / (m.tp + m.fp) : null;
  const recall = m.tp + m.fn > 0 ? m.tp / (m.tp + m.fn) : null;
  const p = precision ?? 0;
  const r = recall ?? 0;
  return { precision, recall, f1: p + r > 0 ? (2 * p * r) / (p + r) : 0 };
}

export interface Summary {
  precision: number;
  recall: number;
  f1: number;
}

export function summarise(pages: PageScore[]): Summary {
  const mean = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0);
  const precision = mean(pages.flatMap((p) => (p.precision === null ? [] : [p.precision])));
  const recall = mean(pages.flatMap((p) => (p.recall === null ? [] : [p.recall])));
  return { precision, recall, f1: precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0 };
}
