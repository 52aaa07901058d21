// What a crash at the worst moment would leave, checked at that moment. The
// crash-safety test (electron/host/crash-safety.test.ts) kills a real host at
// random; these pin down the states it found, deterministically: a listener
// runs right after a commit, before anything else happens, which is exactly
// where a SIGKILL may land.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DownloadState } from '../shared/models.ts';
import { openLibrary, type Library } from './library.ts';
import { createConfSettingsStore } from './settings-conf.ts';
import { serveFeed, startLocalServer, type LocalServer } from './testing/local-server.ts';
import { pngBytes } from './testing/test-images.ts';
import { assetName } from './testing/news-flood.ts';

let dir: string;
let server: LocalServer;
let library: Library | null = null;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'broadsheet-crash-points-'));
  server = await startLocalServer();
  const items = [1, 2, 3]
    .map((n) => `<item><title>Story ${n}</title><link>${server.url(`/story/${n}`)}</link><guid>story-${n}</guid></item>`)
    .join('');
  server.route('/feed.xml', serveFeed(`<?xml version="1.0"?><rss version="2.0"><channel><title>Quay</title>${items}</channel></rss>`));
  // The pages never answer: the downloads stay queued or running, as a crash would find them.
  for (const n of [1, 2, 3]) server.route(`/story/${n}`, () => {});
});

afterEach(async () => {
  library?.close();
  library = null;
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

function open(): Library {
  const settings = createConfSettingsStore({ cwd: dir });
  settings.update({ downloadFullArticles: 'new' });
  library = openLibrary({ dataDir: dir, settings });
  return library;
}

/** Download states as stored, read synchronously (Library reads run before their first await). */
function storedStates(of: Library, into: DownloadState[]): void {
  void of.listArticles({ view: 'all', limit: 50 }).then((page) => into.push(...page.items.map((a) => a.download)));
}

describe('crash points', () => {
  it('stores new articles already queued for download, so a crash right after the commit still downloads them', async () => {
    const lib = open();
    const atCommit: DownloadState[] = [];
    lib.on('libraryChanged', (change) => {
      if (change.reason === 'sources' && atCommit.length === 0) storedStates(lib, atCommit);
    });
    await lib.addFeed(server.url('/feed.xml'));
    expect(atCommit).toEqual(['queued', 'queued', 'queued']);
  });

  it('queues the download of a new bookmark in the same commit as the bookmark', async () => {
    const settings = createConfSettingsStore({ cwd: dir });
    settings.update({ downloadFullArticles: 'never' });
    const lib = openLibrary({ dataDir: dir, settings });
    library = lib;
    await lib.addFeed(server.url('/feed.xml'));
    const [first] = (await lib.listArticles({ view: 'all', limit: 1 })).items;
    expect(first?.download).toBe('none');

    const atCommit: DownloadState[] = [];
    lib.on('libraryChanged', (change) => {
      if (change.reason === 'bookmarks') storedStates(lib, atCommit);
    });
    await lib.setBookmarked(first!.id, true);
    expect(atCommit).toContain('queued');
    expect(atCommit.filter((state) => state === 'none')).toHaveLength(2);
  });

  it('deletes, on start, images a crash left half written and images no article uses', async () => {
    const unused = pngBytes(20, 20, 3);
    const name = assetName(unused, 'png');
    const shard = join(dir, 'assets', name.slice(0, 2));
    mkdirSync(shard, { recursive: true });
    writeFileSync(join(dir, 'assets', name), unused);
    writeFileSync(join(shard, '.tmp-0123456789abcdef'), unused.subarray(0, 10));

    const lib = open();
    lib.startAutoRefresh();
    await lib.downloadsIdle();
    expect(existsSync(join(shard, '.tmp-0123456789abcdef'))).toBe(false);
    expect(existsSync(join(dir, 'assets', name))).toBe(false);
  });
});
