import { describe, expect, it } from 'vitest';
import { DONT_CARE, evaluateExpect, lookupPaths, NotApplicable, parseExpression, PythonError, type PyObject, type PyValue, type Scope } from './python-expr.ts';

function dict(fields: Record<string, PyValue>): PyObject {
  return {
    kind: 'object',
    get(key) {
      if (key === 'unknown') throw new NotApplicable(key);
      return fields[key];
    },
  };
}

const scope: Scope = (name) => {
  if (name === 'feed') return dict({ title: 'Example feed', count: 3 });
  if (name === 'entries') return [dict({ link: 'http://x/', tags: ['a', 'b'], published_parsed: [2004, 1, 1, 19, 48, 21, 3, 1, 0] })];
  if (name === 'bozo') return DONT_CARE;
  throw new NotApplicable(name);
};
const run = (source: string) => evaluateExpect(source, scope);

describe('evaluateExpect', () => {
  it('evaluates comparisons, indexing, attributes, len and boolean operators', () => {
    expect(run("feed['title'] == 'Example feed'")).toBe(true);
    expect(run("feed.title != 'Other'")).toBe(true);
    expect(run("entries[0]['link'] == 'http://x/' and len(entries) == 1")).toBe(true);
    expect(run("entries[-1].tags[1] == 'b' or 0")).toBe(true);
    expect(run('entries[0].published_parsed == (2004, 1, 1, 19, 48, 21, 3, 1, 0)')).toBe(true);
    expect(run("'a' in entries[0].tags and 'z' not in entries[0].tags")).toBe(true);
    expect(run('feed.count >= 3 and feed.count < 4')).toBe(true);
    expect(run("feed['title'] == 'Wrong'")).toBe(false);
  });

  it('reads Python string literals: escapes, prefixes, triple quotes and concatenation', () => {
    expect(run("feed['title'] == u'Example\\x20feed'")).toBe(true);
    expect(run(`feed['title'] == """Example feed"""`)).toBe(true);
    expect(run("feed['title'] == 'Exam' + 'ple feed'")).toBe(true);
    expect(run("'\\u2019' == '\u2019'")).toBe(true);
  });

  it('raises for what Python would raise on, which fails the case', () => {
    expect(() => run("feed['missing'] == 1")).toThrow(PythonError);
    expect(() => run('entries[3]')).toThrow(PythonError);
    expect(run("not feed.has_key('missing') and feed.get('missing') == None")).toBe(true);
  });

  it('makes a case not applicable when it touches what is not modelled, or asks only for bozo', () => {
    expect(() => run("feed['unknown'] == 1")).toThrow(NotApplicable);
    expect(() => run('version == "rss20"')).toThrow(NotApplicable);
    expect(() => run('bozo')).toThrow(NotApplicable);
    expect(run("not bozo and feed['title'] == 'Example feed'")).toBe(true);
    expect(run("bozo and feed['title'] == 'Example feed'")).toBe(true);
    // Checked before evaluating, so short-circuiting cannot hide it.
    expect(() => evaluateExpect("feed['title'] == 'x' and feed['cloud'] == 1", scope, (path) => !path.includes('cloud'))).toThrow(NotApplicable);
  });

  it('lists the lookups an expression makes', () => {
    expect(lookupPaths(parseExpression("entries[0]['title_detail']['type'] == 'x' and feed.get('image')"))).toContainEqual(['entries', '*', 'title_detail', 'type']);
    expect(lookupPaths(parseExpression("feed.get('image')"))).toContainEqual(['feed', 'image']);
  });

  it('rejects what it cannot read', () => {
    expect(() => parseExpression("feed['title'] ==")).toThrow(SyntaxError);
    expect(() => parseExpression('__import__("os")')).not.toThrow();
    expect(() => run('__import__("os")')).toThrow(NotApplicable);
  });
});
