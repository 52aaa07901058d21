// The parser against real corpora: the feedparser suite and the feed-rs
// fixtures. The targets are the issue's; the figures go in the closing note
// (`npm run conformance`).
import { describe, expect, it } from 'vitest';
import { corpusDir, percent, runConformance } from './conformance.ts';

const corpus = corpusDir();
if (corpus === null) console.log('Skipping the conformance test: ../shared/corpus/feeds is not there.');

describe.skipIf(corpus === null)('conformance against the feed corpora', () => {
  const result = runConformance(corpus ?? '');

  it('passes at least 95% of the applicable well-formed feedparser cases (sanitize is sanitize-corpus.test.ts)', () => {
    expect(result.wellformed.pass + result.wellformed.fail).toBeGreaterThan(300);
    expect(percent(result.wellformed)).toBeGreaterThanOrEqual(95);
  });

  it('passes at least 90% of the applicable encoding cases', () => {
    expect(result.encoding.pass + result.encoding.fail).toBeGreaterThan(60);
    expect(percent(result.encoding)).toBeGreaterThanOrEqual(90);
  });

  it('reads every entities case but the two where HTML5 and HTML 4 disagree (&lang; &rang;)', () => {
    const failures = result.feedparser.filter((r) => r.folder === 'entities' && r.verdict === 'fail').map((r) => r.file);
    expect(failures).toEqual(['entities/lang.xml', 'entities/rang.xml']);
  });

  it('judges the xml:base of content and summaries (what relative links in stored HTML resolve against)', () => {
    const asksForBase = (expect: string) => expect.includes("['base']") && (expect.includes("['content']") || expect.includes("['summary_detail']"));
    const baseCases = result.feedparser.filter((r) => r.folder === 'wellformed/base' && asksForBase(r.expect));
    expect(baseCases.length).toBeGreaterThanOrEqual(10);
    expect(baseCases.filter((r) => r.verdict === 'n/a').map((r) => r.file)).toEqual([
      // Microsoft's CDF is not a feed format Broadsheet reads.
      'wellformed/base/cdf_item_abstract_xml_base.xml',
    ]);
    expect(baseCases.filter((r) => r.verdict === 'fail').map((r) => r.file)).toEqual([]);
  });

  it('agrees with feed-rs on at least 95% of the comparable fields', () => {
    const total = [...result.feedRsFolders.values()].reduce((a, t) => ({ pass: a.pass + t.pass, fail: a.fail + t.fail, na: a.na + t.na }));
    expect(total.pass).toBeGreaterThan(700);
    expect(percent(total)).toBeGreaterThanOrEqual(95);
  });

  it('never counts a case as passed without evaluating it against something we model', () => {
    const outsideStrings = (expect: string) => expect.replace(/'[^']*'|"[^"]*"/g, "''");
    const passedButUnmodelled = result.feedparser.filter((r) => r.verdict === 'pass' && /\b(version|bozo_exception|headers)\b/.test(outsideStrings(r.expect)));
    expect(passedButUnmodelled).toEqual([]);
  });
});
