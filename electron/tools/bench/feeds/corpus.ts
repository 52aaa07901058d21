// The feed files of the shared corpus (read-only, beside the project), decoded
// once the way a fetched feed is decoded, so timings cover parsing alone.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { decodeBody } from '../../../core/feeds/fetch-feed.ts';

export interface CorpusFeed {
  /** Relative to the corpus's feeds folder, e.g. feedparser/wellformed/rss/x.xml. */
  name: string;
  text: string;
  bytes: number;
  json: boolean;
}

/** The folders measured: feedparser's well-formed, encoding, entity and ill-formed cases, and feed-rs's inputs. */
const FOLDERS = ['feedparser/wellformed', 'feedparser/encoding', 'feedparser/entities', 'feedparser/illformed', 'feedparser/json', 'feed-rs'];

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return filesUnder(full);
      return statSync(full).isFile() ? [full] : [];
    })
    .sort();
}

/** A feedparser case may pretend an HTTP Content-Type in its leading comment ("Header: Content-type: …"). */
function pretendedContentType(bytes: Uint8Array): string | null {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 1024));
  return /^\s*Header:\s*Content-type:\s*(.+?)\s*$/im.exec(head)?.[1] ?? null;
}

export function loadFeedCorpus(feedsDir: string): CorpusFeed[] {
  const feeds: CorpusFeed[] = [];
  for (const folder of FOLDERS) {
    for (const file of filesUnder(path.join(feedsDir, folder))) {
      // feed-rs keeps its expected output beside each input as *.serde.json.
      if (file.endsWith('.serde.json') || !/\.(xml|rss|atom|rdf|json)$/i.test(file)) continue;
      const bytes = readFileSync(file);
      feeds.push({
        name: path.relative(feedsDir, file),
        text: decodeBody(bytes, pretendedContentType(bytes)),
        bytes: bytes.byteLength,
        json: file.toLowerCase().endsWith('.json'),
      });
    }
  }
  return feeds;
}
