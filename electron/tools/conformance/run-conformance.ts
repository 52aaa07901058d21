// `npm run conformance`: scores the parser against the feedparser suite and
// the feed-rs fixtures in ../shared/corpus/feeds; prints a table per folder
// and, last, one JSON line with the figures. `--failures` lists each failure,
// `--na` each case found not applicable, with its reason.
import { corpusDir, percent, runConformance, type Tally } from './conformance.ts';

const corpus = corpusDir();
if (corpus === null) {
  process.stdout.write('Skipped: there is no ../shared/corpus/feeds beside the project.\n');
} else {
  const started = performance.now();
  const result = runConformance(corpus);
  const out: string[] = [];
  const row = (name: string, t: Tally) =>
    `${name.padEnd(30)} ${String(t.pass).padStart(6)} ${String(t.fail).padStart(6)} ${String(t.na).padStart(6)} ${t.pass + t.fail ? `${percent(t).toFixed(1)}%`.padStart(8) : '       -'}`;
  if (process.argv.includes('--failures')) {
    for (const r of result.feedparser.filter((x) => x.verdict === 'fail')) out.push(`FAIL ${r.file}\n  ${r.expect}${r.note ? `\n  ${r.note}` : ''}`);
    for (const r of result.feedRs.filter((x) => x.verdict === 'fail')) out.push(`FAIL feed-rs/${r.file} ${r.field}${r.note ? ` (${r.note})` : ''}`);
  }
  if (process.argv.includes('--na')) {
    for (const r of result.feedparser.filter((x) => x.verdict === 'n/a')) out.push(`N/A ${r.file}: ${r.note ?? ''}`);
    for (const r of result.feedRs.filter((x) => x.verdict === 'n/a')) out.push(`N/A feed-rs/${r.file} ${r.field}: ${r.note ?? ''}`);
  }
  out.push(`${'feedparser suite (cases)'.padEnd(30)} ${'pass'.padStart(6)} ${'fail'.padStart(6)} ${'n/a'.padStart(6)} ${'pass %'.padStart(8)}`);
  for (const [folder, t] of result.feedparserFolders) out.push(row(folder, t));
  out.push(row('= well-formed (no sanitize)', result.wellformed));
  out.push(row('= encoding', result.encoding));
  out.push('', `${'feed-rs fixtures (fields)'.padEnd(30)} ${'pass'.padStart(6)} ${'fail'.padStart(6)} ${'n/a'.padStart(6)} ${'pass %'.padStart(8)}`);
  for (const [folder, t] of result.feedRsFolders) out.push(row(folder, t));
  const feedRsTotal = [...result.feedRsFolders.values()].reduce((a, t) => ({ pass: a.pass + t.pass, fail: a.fail + t.fail, na: a.na + t.na }), { pass: 0, fail: 0, na: 0 });
  out.push(row('= feed-rs', feedRsTotal));
  const round = (n: number) => Math.round(n * 10) / 10;
  out.push(
    JSON.stringify({
      wellformedPct: round(percent(result.wellformed)),
      encodingPct: round(percent(result.encoding)),
      feedparser: Object.fromEntries(result.feedparserFolders),
      feedRsPct: round(percent(feedRsTotal)),
      feedRs: Object.fromEntries(result.feedRsFolders),
      seconds: round((performance.now() - started) / 1000),
    }),
  );
  process.stdout.write(`${out.join('\n')}\n`);
}
