// Builds the benchmark's library: `articles` articles with realistic text
// sizes (300–2,000 words) across 500 feeds, dates over two years, some read,
// bookmarked, saved and archived. Everything goes through the core's store
// layer (the same functions a refresh and a save use) in big transactions, so
// the database has exactly the schema, indexes and search index the app builds.
import { makeExcerpt } from '../../../core/articles/text.ts';
import { openDatabase, type Database } from '../../../core/store/database.ts';
import * as articlesRepo from '../../../core/store/articles-repo.ts';
import type { IncomingArticle } from '../../../core/store/articles-repo.ts';
import * as sourcesRepo from '../../../core/store/sources-repo.ts';
import { capitalise, createVocabulary, FIRST_NAMES, LAST_NAMES, pick, seededRandom, TOPICS, type Random, type Vocabulary } from './words.ts';

export interface GenerateOptions {
  dataDir: string;
  articles: number;
  feeds: number;
  /** Dates run back two years from here. */
  now: Date;
  seed?: number;
  progress?: (line: string) => void;
}

export interface GeneratedLibrary {
  articles: number;
  feeds: number;
  saved: number;
  bookmarked: number;
  unread: number;
  words: number;
  seconds: number;
}

const TWO_YEARS_MS = 2 * 365 * 24 * 3600 * 1000;
/** Of every thousand articles, this many are pages saved to read later (the rest come from feeds). */
const SAVED_PER_THOUSAND = 3;
/** Articles are written in chronological slices of this size, each slice one transaction. */
const SLICE = 10_000;
/** Articles newer than this share of the timeline stay unread; older ones were read. */
const UNREAD_SHARE = 0.12;

const FEED_WORDS_A = ['Morning', 'Evening', 'Daily', 'Weekly', 'Northern', 'Coastal', 'City', 'Open', 'Quiet', 'Harbour', 'Valley', 'Global', 'Local', 'Urban', 'Rural'];
const FEED_WORDS_B = ['Gazette', 'Herald', 'Review', 'Dispatch', 'Chronicle', 'Notes', 'Journal', 'Observer', 'Bulletin', 'Post', 'Letter', 'Digest', 'Times', 'Report', 'Record'];

interface Planned {
  source: number;
  publishedAt: number;
}

/** How many articles each feed gets: a few prolific feeds, many quiet ones (Zipf-like), summing to `total`. */
function feedSizes(feeds: number, total: number, random: Random): number[] {
  const weights = Array.from({ length: feeds }, (_, i) => (1 / (i + 8)) * (0.6 + random() * 0.8));
  const sum = weights.reduce((a, b) => a + b, 0);
  const sizes = weights.map((w) => Math.max(1, Math.floor((w / sum) * total)));
  let rest = total - sizes.reduce((a, b) => a + b, 0);
  for (let i = 0; rest !== 0; i = (i + 1) % feeds) {
    const step = rest > 0 ? 1 : -1;
    if (step < 0 && (sizes[i] as number) <= 1) continue;
    sizes[i] = (sizes[i] as number) + step;
    rest -= step;
  }
  return sizes;
}

/** One or two topics an article is about. */
function topicsOf(random: Random): number[] {
  const first = Math.floor(random() * TOPICS.length);
  return random() < 0.3 ? [first, Math.floor(random() * TOPICS.length)] : [first];
}

function title(vocab: Vocabulary, random: Random, topics: readonly number[]): string {
  const length = 5 + Math.floor(random() * 7);
  const words: string[] = [];
  for (let i = 0; i < length; i += 1) {
    // Titles lean on their topic harder than running text does.
    const word = random() < 0.3 ? pick(random, TOPICS[pick(random, topics)] as readonly string[]) : random() < 0.3 ? vocab.rareWord() : vocab.word(topics);
    words.push(i === 0 || random() < 0.15 ? capitalise(word) : word);
  }
  return words.join(' ');
}

/** Paragraphs of sentences; 300–2,000 words, most near the lower end (mean about 830). */
function body(vocab: Vocabulary, random: Random, topics: readonly number[]): { paragraphs: string[]; words: number } {
  const target = 300 + Math.floor(1700 * random() ** 2.2);
  const paragraphs: string[] = [];
  let words = 0;
  while (words < target) {
    const sentences: string[] = [];
    const count = 2 + Math.floor(random() * 5);
    for (let s = 0; s < count && words < target; s += 1) {
      const length = 8 + Math.floor(random() * 18);
      const parts: string[] = [];
      for (let w = 0; w < length; w += 1) {
        const word = random() < 0.04 ? capitalise(vocab.rareWord()) : vocab.word(topics);
        parts.push(w === 0 ? capitalise(word) : word);
      }
      words += length;
      sentences.push(`${parts.join(' ')}${random() < 0.9 ? '.' : '?'}`);
    }
    paragraphs.push(sentences.join(' '));
  }
  return { paragraphs, words };
}

/** The full-text table, whatever the current schema calls it. */
function searchTable(db: Database): string | null {
  const row = db.sql
    .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%fts5%' ORDER BY name LIMIT 1")
    .get() as { name: string } | undefined;
  return row?.name ?? null;
}

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;');

export function generateLibrary(options: GenerateOptions): GeneratedLibrary {
  const started = performance.now();
  const random = seededRandom(options.seed ?? 20261124);
  const vocab = createVocabulary(random);
  const log = options.progress ?? (() => {});
  const db = openDatabase(options.dataDir);
  // A throw-away build: nothing to protect until it is finished, so no journal
  // fsyncs and a big page cache (the journal comes back as WAL at the end).
  db.sql.exec('PRAGMA journal_mode = OFF');
  db.sql.exec('PRAGMA synchronous = OFF');
  db.sql.exec('PRAGMA cache_size = -262144');
  // Search-index segments are merged once at the end instead of after every slice (twice as fast to build).
  const search = searchTable(db);
  if (search) db.sql.exec(`INSERT INTO ${search} (${search}, rank) VALUES ('automerge', 0)`);
  const nowMs = options.now.getTime();
  const nowIso = options.now.toISOString();
  const savedCount = Math.floor((options.articles * SAVED_PER_THOUSAND) / 1000);
  const feedArticles = options.articles - savedCount;

  const sourceIds: number[] = [];
  const feedNames: string[] = [];
  db.transaction(() => {
    for (let i = 0; i < options.feeds; i += 1) {
      const name = `${pick(random, FEED_WORDS_A)} ${capitalise(vocab.rareWord())} ${pick(random, FEED_WORDS_B)}`;
      feedNames.push(name);
      sourceIds.push(
        sourcesRepo.insertSource(db, {
          title: name,
          // Port 9 (discard) on loopback: a refresh, if one ever ran, fails at once and reaches nobody.
          feedUrl: `http://127.0.0.1:9/feeds/${i + 1}.xml`,
          siteUrl: `http://127.0.0.1:9/sites/${i + 1}/`,
          description: `News and notes from ${name}.`,
          etag: null,
          lastModified: null,
          lastFetchedAt: nowIso,
          createdAt: new Date(nowMs - TWO_YEARS_MS).toISOString(),
        }),
      );
    }
  });

  // Plan every article (feed and date), then write them oldest first so ids grow with time, as they do in use.
  const sizes = feedSizes(options.feeds, feedArticles, random);
  const plan: Planned[] = [];
  sizes.forEach((size, feed) => {
    for (let i = 0; i < size; i += 1) plan.push({ source: feed, publishedAt: nowMs - Math.floor(random() * TWO_YEARS_MS) });
  });
  plan.sort((a, b) => a.publishedAt - b.publishedAt);
  const authors = Array.from({ length: 2_000 }, () => `${pick(random, FIRST_NAMES)} ${pick(random, LAST_NAMES)}`);

  let totalWords = 0;
  const unreadAfter = nowMs - UNREAD_SHARE * TWO_YEARS_MS;
  const readIds: number[] = [];
  const allIds: number[] = [];
  for (let start = 0; start < plan.length; start += SLICE) {
    const slice = plan.slice(start, start + SLICE);
    const bySource = new Map<number, IncomingArticle[]>();
    slice.forEach((planned, offset) => {
      const n = start + offset + 1;
      const topics = topicsOf(random);
      const { paragraphs, words } = body(vocab, random, topics);
      totalWords += words;
      const text = paragraphs.join('\n\n');
      const heading = title(vocab, random, topics);
      const item: IncomingArticle = {
        guid: `bench-${n}`,
        url: `http://127.0.0.1:9/sites/${planned.source + 1}/articles/${n}`,
        title: heading,
        author: random() < 0.85 ? pick(random, authors) : null,
        contentHtml: paragraphs.map((p) => `<p>${escape(p)}</p>`).join(''),
        text,
        excerpt: makeExcerpt(text),
        contentHash: `bench-${n}`,
        publishedAt: new Date(planned.publishedAt).toISOString(),
      };
      const list = bySource.get(planned.source) ?? [];
      list.push(item);
      bySource.set(planned.source, list);
    });
    db.transaction(() => {
      for (const [source, items] of bySource) {
        const merged = articlesRepo.mergeArticles(db, sourceIds[source] as number, items, nowIso);
        merged.insertedIds.forEach((id, i) => {
          allIds.push(id);
          if (Date.parse(items[i]?.publishedAt ?? nowIso) < unreadAfter) readIds.push(id);
        });
      }
    });
    log(`  ${Math.min(start + SLICE, plan.length).toLocaleString('en')} of ${feedArticles.toLocaleString('en')} feed articles written (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  }

  // Reading state: older articles read, 2% bookmarked (from all ages), saved pages, a fifth of them archived.
  const bookmarked = allIds.filter(() => random() < 0.02);
  db.transaction(() => {
    for (let i = 0; i < readIds.length; i += 20_000) articlesRepo.setRead(db, readIds.slice(i, i + 20_000), true);
    for (const id of bookmarked) articlesRepo.setBookmarked(db, id, true, nowIso);
    for (let i = 0; i < savedCount; i += 1) {
      const topics = topicsOf(random);
      const { paragraphs, words } = body(vocab, random, topics);
      totalWords += words;
      const text = paragraphs.join('\n\n');
      const savedAt = nowMs - Math.floor(random() * TWO_YEARS_MS);
      const id = articlesRepo.insertSavedArticle(
        db,
        {
          dedupeKey: `url:http://127.0.0.1:9/saved/${i + 1}`,
          url: `http://127.0.0.1:9/saved/${i + 1}`,
          title: title(vocab, random, topics),
          author: pick(random, authors),
          publishedAt: new Date(savedAt - 3600_000).toISOString(),
          contentHash: `bench-saved-${i + 1}`,
          content: {
            state: 'done',
            title: null,
            author: null,
            excerpt: makeExcerpt(text),
            contentHtml: paragraphs.map((p) => `<p>${escape(p)}</p>`).join(''),
            text,
            siteName: `${capitalise(vocab.rareWord())} Magazine`,
            lang: 'en',
            dir: 'ltr',
            leadImage: null,
            thumbnail: null,
            wordCount: words,
            readingMinutes: Math.max(1, Math.round(words / 230)),
            canonicalUrl: null,
            assets: [],
          },
        },
        new Date(savedAt).toISOString(),
      );
      if (random() < 0.2) articlesRepo.setArchived(db, id, true, nowIso);
    }
  });
  // Back to FTS5's default merging for whoever uses the library next; the index ends as one merged
  // segment (a grown library has a few; searching one is slightly faster). No ANALYZE: the app runs none.
  if (search) {
    db.sql.exec(`INSERT INTO ${search} (${search}, rank) VALUES ('automerge', 4)`);
    db.sql.exec(`INSERT INTO ${search} (${search}) VALUES ('optimize')`);
  }
  db.sql.exec('PRAGMA journal_mode = WAL');
  db.close();
  return {
    articles: feedArticles + savedCount,
    feeds: options.feeds,
    saved: savedCount,
    bookmarked: bookmarked.length,
    unread: allIds.length - readIds.length,
    words: totalWords,
    seconds: (performance.now() - started) / 1000,
  };
}
