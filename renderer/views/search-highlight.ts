// Turns the core's highlight offsets into runs of plain and matched text. The
// view renders each run as a text node (matched ones inside <mark>), so an
// article's words never pass through innerHTML.

export interface TextRun {
  text: string;
  match: boolean;
}

/**
 * Splits `text` at the [start, end) ranges. Ranges out of order, overlapping or
 * past the end (from an older index, say) are sorted, merged and clipped
 * rather than trusted.
 */
export function highlightRuns(text: string, ranges: ReadonlyArray<readonly [number, number]>): TextRun[] {
  const clean = ranges
    .map(([start, end]) => [Math.max(0, Math.min(start, text.length)), Math.max(0, Math.min(end, text.length))] as const)
    .filter(([start, end]) => end > start)
    .sort((a, b) => a[0] - b[0]);
  const runs: TextRun[] = [];
  let at = 0;
  for (const [start, end] of clean) {
    if (end <= at) continue;
    const from = Math.max(start, at);
    if (from > at) runs.push({ text: text.slice(at, from), match: false });
    const last = runs.at(-1);
    // Touching or overlapping matches read as one highlighted stretch.
    if (last?.match && from === at) last.text += text.slice(from, end);
    else runs.push({ text: text.slice(from, end), match: true });
    at = end;
  }
  if (at < text.length) runs.push({ text: text.slice(at), match: false });
  return runs;
}
