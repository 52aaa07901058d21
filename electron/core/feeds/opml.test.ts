import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/errors.ts';
import { feedAddress, opmlFileName, readOpml, writeOpml, type OpmlContents, type OpmlFolder } from './opml.ts';

const fixture = (name: string) => readFileSync(new URL(`./testdata/opml/${name}`, import.meta.url), 'utf8');

/** The folder tree as "name: feed titles", for compact expectations. */
function outline(contents: OpmlContents): unknown {
  const folder = (f: OpmlFolder): unknown => ({ [f.name]: [...f.folders.map(folder), ...f.feeds.map((feed) => feed.title)] });
  return [...contents.folders.map(folder), ...contents.feeds.map((feed) => feed.title)];
}

function refusal(text: string): ApiError {
  try {
    readOpml(text);
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe('invalid_input');
    return error as ApiError;
  }
  throw new Error('readOpml accepted it');
}

describe('reading OPML as other readers write it', () => {
  it('Feedly: folders with entities in their names, the same feed in two folders listed twice', () => {
    const read = readOpml(fixture('feedly.opml'));
    expect(outline(read)).toEqual([
      { Tech: ['Ars Technica', 'The Verge - All Posts'] },
      { 'News & Politics': ['BBC News - World', 'Ars Technica'] },
    ]);
    expect(read.folders[0]?.feeds[0]).toEqual({
      title: 'Ars Technica',
      feedUrl: 'https://feeds.arstechnica.com/arstechnica/index',
      siteUrl: 'https://arstechnica.com/',
    });
    expect(read.problems).toEqual([]);
  });

  it('Inoreader: accented folder names', () => {
    const read = readOpml(fixture('inoreader.xml'));
    expect(outline(read)).toEqual([{ Économie: ['Le Monde.fr - Économie', 'Les Echos'] }, { Science: ['Nature'] }]);
  });

  it('NetNewsWire: OPML 1.1, feeds at the top level, an escaped query string, an empty folder', () => {
    const read = readOpml(fixture('netnewswire.opml'));
    expect(outline(read)).toEqual([{ Apple: ['Six Colors', 'MacStories'] }, { 'Empty folder': [] }, 'Daring Fireball', 'Inessential']);
    expect(read.folders[0]?.feeds[0]?.feedUrl).toBe('https://feedpress.me/sixcolors?type=xml&ref=nnw');
  });

  it('Fluent Reader: one line, no site addresses', () => {
    const read = readOpml(fixture('fluent-reader.opml'));
    expect(outline(read)).toEqual([{ Tech: ['Hacker News', 'Lobsters'] }, 'xkcd.com']);
    expect(read.feeds[0]).toEqual({ title: 'xkcd.com', feedUrl: 'https://xkcd.com/atom.xml', siteUrl: null });
  });

  it('Miniflux: OPML 2.0; a feed without a name has no title of its own (the feed names itself once fetched)', () => {
    const read = readOpml(fixture('miniflux.opml'));
    expect(outline(read)).toEqual([{ All: ['Julia Evans', 'LWN.net'] }, { Podcasts: [null] }]);
  });

  it('explains every outline it cannot use, and keeps the rest', () => {
    const read = readOpml(fixture('broken-outlines.opml'));
    expect(read.feeds.map((f) => f.feedUrl)).toEqual([
      'https://good.example/feed.xml',
      'http://pods.example/rss',
      'https://good.example/feed.xml',
    ]);
    expect(read.problems).toEqual([
      { title: 'Script', reason: 'Its feed address starts with “javascript:”; only http and https feeds can be followed.' },
      { title: 'FTP feed', reason: 'Its feed address starts with “ftp:”; only http and https feeds can be followed.' },
      { title: 'Relative', reason: 'Its feed address “/feed.xml” is not a complete web address.' },
      { title: 'Blank address', reason: 'It has no feed address (xmlUrl).' },
      { title: 'No address', reason: 'It has a site address but no feed address (xmlUrl).' },
      { title: 'A link', reason: 'It links to a web page, not to a feed.' },
      { title: 'Other list', reason: 'It points to another OPML file, which is not imported with this one.' },
    ]);
  });

  it('reads attribute names in any case, a BOM, and an empty list', () => {
    const upper = readOpml('\uFEFF<OPML version="1.0"><BODY><OUTLINE TEXT="Loud" XMLURL="https://loud.example/rss"/></BODY></OPML>');
    expect(upper.feeds).toEqual([{ title: 'Loud', feedUrl: 'https://loud.example/rss', siteUrl: null }]);
    expect(readOpml('<opml version="2.0"><head><title>Nothing</title></head><body/></opml>')).toEqual({ folders: [], feeds: [], problems: [] });
    expect(readOpml('<?xml version="1.0"?><opml version="2.0"/>')).toEqual({ folders: [], feeds: [], problems: [] });
  });
});

describe('files that are not OPML', () => {
  it('says what the file looks like instead', () => {
    expect(refusal('').message).toBe('The file is empty.');
    expect(refusal('   \n').message).toBe('The file is empty.');
    expect(refusal('<!DOCTYPE html><html><head><title>Home</title></head><body></body></html>').message).toMatch(/web page \(HTML\)/);
    expect(refusal('<?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>').message).toMatch(
      /^This is an RSS feed, not a list of subscriptions\. To follow it, add its address as a feed instead\.$/,
    );
    expect(refusal('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>x</title></feed>').message).toMatch(/Atom feed/);
    expect(refusal('<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"></rdf:RDF>').message).toMatch(/RSS feed/);
    expect(refusal('{"version": "https://jsonfeed.org/version/1.1", "title": "x", "items": []}').message).toMatch(/JSON Feed/);
    expect(refusal('{"subscriptions": []}').message).toBe('This is a JSON file, not an OPML list of subscriptions.');
    expect(refusal('<?xml version="1.0"?><!-- a note --><svg xmlns="http://www.w3.org/2000/svg"/>').message).toBe(
      'This XML file is not an OPML list of subscriptions (it is a <svg> document).',
    );
    expect(refusal('name,url\nA,https://a.example/rss\n').message).toMatch(/^This file is not XML/);
  });

  it('never expands entities a DOCTYPE declares (billion laughs) and refuses external ones (XXE)', () => {
    const laughs = `<?xml version="1.0"?>
      <!DOCTYPE opml [
        <!ENTITY lol "lol">
        <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
        <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
        <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
      ]>
      <opml version="2.0"><body><outline text="&lol3;" xmlUrl="https://laughs.example/rss"/></body></opml>`;
    const read = readOpml(laughs);
    expect(read.feeds).toHaveLength(1);
    expect(read.feeds[0]?.title?.length ?? 0).toBeLessThan(20);
    expect(read.feeds[0]?.title).not.toContain('lollol');

    const xxe = `<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
      <opml version="2.0"><body><outline text="&xxe;" xmlUrl="https://xxe.example/rss"/></body></opml>`;
    expect(refusal(xxe).message).toMatch(/entities/);
  });

  it('refuses outlines nested too deeply for the XML reader, in plain words', () => {
    const deep = `<opml><body>${'<outline text="f">'.repeat(500)}${'</outline>'.repeat(500)}</body></opml>`;
    expect(refusal(deep).message).toBe('The outlines in this OPML file are nested too deeply to read.');
  });

  it('says a file is damaged, not what broke inside the XML reader (found by fuzzing)', () => {
    // A stray quote after an attribute makes the reader underneath fail with a TypeError, whose wording is about its code.
    const strayQuote = '<opml version="2.0"><body><outline text="L"x"/></body></opml>';
    expect(refusal(strayQuote).message).toBe('This OPML file is damaged and could not be read.');
  });
});

describe('deep and large files', () => {
  it('keeps folders 20 deep; deeper ones are reported and their feeds filed in the deepest kept folder', () => {
    const levels = 25;
    let body = '<outline text="Bottom feed" xmlUrl="https://deep.example/rss"/>';
    for (let level = levels; level >= 1; level -= 1) body = `<outline text="Level ${level}">${body}</outline>`;
    const read = readOpml(`<opml version="2.0"><body>${body}</body></opml>`);
    let folder = read.folders[0];
    let depth = 0;
    while (folder) {
      depth += 1;
      expect(folder.name).toBe(`Level ${depth}`);
      if (folder.folders.length === 0) break;
      folder = folder.folders[0];
    }
    expect(depth).toBe(20);
    expect(folder?.feeds.map((f) => f.title)).toEqual(['Bottom feed']);
    expect(read.problems.map((p) => p.title)).toEqual(['Level 21', 'Level 22', 'Level 23', 'Level 24', 'Level 25']);
    expect(read.problems[0]?.reason).toMatch(/more than 20 folders deep/);
  });

  it('reads 50,000 outlines', () => {
    const outlines = Array.from({ length: 50_000 }, (_, i) => `<outline text="F${i}" xmlUrl="https://h${i}.example/f"/>`).join('');
    const read = readOpml(`<opml version="2.0"><body><outline text="All">${outlines}</outline></body></opml>`);
    expect(read.folders[0]?.feeds).toHaveLength(50_000);
    expect(read.folders[0]?.feeds[49_999]?.feedUrl).toBe('https://h49999.example/f');
  });
});

describe('feed addresses', () => {
  it('keeps http(s) addresses as Broadsheet stores them, and turns feed: ones into http(s)', () => {
    expect(feedAddress(' https://a.example/rss#latest ')).toEqual({ url: 'https://a.example/rss' });
    expect(feedAddress('HTTP://A.EXAMPLE')).toEqual({ url: 'http://a.example/' });
    expect(feedAddress('feed://a.example/rss')).toEqual({ url: 'http://a.example/rss' });
    expect(feedAddress('feed:https://a.example/rss')).toEqual({ url: 'https://a.example/rss' });
    expect(feedAddress('data:text/html,<b>x</b>')).toHaveProperty('reason');
    expect(feedAddress('http://')).toHaveProperty('reason');
    expect(feedAddress('file:///etc/passwd')).toEqual({
      reason: 'Its feed address starts with “file:”; only http and https feeds can be followed.',
    });
  });
});

describe('writing OPML', () => {
  const contents: OpmlContents = {
    folders: [
      {
        name: 'News & “Politics”',
        folders: [{ name: 'Empty', folders: [], feeds: [] }],
        feeds: [{ title: 'A <b>bold</b> feed', feedUrl: 'https://a.example/rss?x=1&y=2', siteUrl: 'https://a.example/' }],
      },
    ],
    feeds: [{ title: 'Loose\u0001 feed', feedUrl: 'https://b.example/atom.xml', siteUrl: null }],
  };

  it('writes OPML 2.0 with a title, the date, and each feed as type="rss" with text, title, xmlUrl and htmlUrl', () => {
    const now = new Date('2026-11-24T12:00:00.000Z');
    const xml = writeOpml(contents, now);
    expect(xml).toMatch(/^<\?xml version="1\.0" encoding="utf-8"\?>\s*<opml version="2\.0">/);
    expect(xml).toContain('Broadsheet subscriptions');
    expect(xml).toContain('<dateCreated>Tue, 24 Nov 2026 12:00:00 GMT</dateCreated>');
    expect(xml).toContain(
      '<outline text="A &lt;b&gt;bold&lt;/b&gt; feed" type="rss" xmlUrl="https://a.example/rss?x=1&amp;y=2" htmlUrl="https://a.example/" title="A &lt;b&gt;bold&lt;/b&gt; feed"/>',
    );
    expect(xml).not.toContain('\u0001');
    expect(opmlFileName(now)).toBe('broadsheet-subscriptions-2026-11-24.opml');
  });

  it('reads back as the same folders and feeds', () => {
    const read = readOpml(writeOpml(contents, new Date()));
    expect(read.problems).toEqual([]);
    expect(read.folders).toEqual(contents.folders);
    expect(read.feeds).toEqual([{ title: 'Loose feed', feedUrl: 'https://b.example/atom.xml', siteUrl: null }]);
  });

  it('writes a library without feeds as a valid, empty list that reads back as empty', () => {
    const xml = writeOpml({ folders: [], feeds: [] }, new Date('2026-11-24T12:00:00.000Z'));
    expect(xml).toContain('<dateCreated>Tue, 24 Nov 2026 12:00:00 GMT</dateCreated>');
    expect(xml).toContain('<body/>');
    expect(readOpml(xml)).toEqual({ folders: [], feeds: [], problems: [] });
  });
});
