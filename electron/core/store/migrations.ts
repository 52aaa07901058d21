// Numbered schema migrations. The database's PRAGMA user_version records the
// last one applied; each runs in its own transaction so a failure leaves the
// previous version intact. Never edit a migration once released: add one.
import { ApiError } from '../../shared/errors.ts';
import type { Database } from './database.ts';

export interface Migration {
  version: number;
  sql: string;
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE sources (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL DEFAULT 'feed' CHECK (kind IN ('feed')),
        title TEXT NOT NULL,
        custom_title TEXT,
        feed_url TEXT NOT NULL UNIQUE,
        site_url TEXT,
        description TEXT,
        etag TEXT,
        last_modified TEXT,
        last_fetched_at TEXT,
        last_error TEXT,
        created_at TEXT NOT NULL
      );

      CREATE TABLE articles (
        id INTEGER PRIMARY KEY,
        source_id INTEGER NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
        -- guid, else link, else content hash: what identifies the item across refreshes.
        dedupe_key TEXT NOT NULL,
        guid TEXT,
        url TEXT,
        title TEXT NOT NULL,
        author TEXT,
        excerpt TEXT NOT NULL,
        content_html TEXT NOT NULL,
        text TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        -- The publisher's date, else when Broadsheet first saw the item; the sort key.
        published_at TEXT NOT NULL,
        first_seen_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        read INTEGER NOT NULL DEFAULT 0 CHECK (read IN (0, 1)),
        bookmarked INTEGER NOT NULL DEFAULT 0 CHECK (bookmarked IN (0, 1)),
        bookmarked_at TEXT,
        UNIQUE (source_id, dedupe_key)
      );

      CREATE INDEX articles_newest ON articles (published_at DESC, id DESC);
      CREATE INDEX articles_source_newest ON articles (source_id, published_at DESC, id DESC);
      CREATE INDEX articles_source_read ON articles (source_id, read);
      CREATE INDEX articles_bookmarked_newest ON articles (published_at DESC, id DESC) WHERE bookmarked = 1;
      CREATE INDEX articles_unread_newest ON articles (published_at DESC, id DESC) WHERE read = 0;
      CREATE INDEX articles_source_guid ON articles (source_id, guid) WHERE guid IS NOT NULL;
      CREATE INDEX articles_source_url ON articles (source_id, url) WHERE url IS NOT NULL;
      CREATE INDEX articles_source_hash ON articles (source_id, content_hash);
    `,
  },
  {
    version: 2,
    sql: `
      CREATE VIRTUAL TABLE articles_fts USING fts5 (
        title, text,
        content = 'articles', content_rowid = 'id',
        tokenize = 'unicode61 remove_diacritics 2'
      );

      -- External-content FTS: the triggers are what keep the index equal to the table.
      CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts (rowid, title, text) VALUES (new.id, new.title, new.text);
      END;
      CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts (articles_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
      END;
      CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN
        INSERT INTO articles_fts (articles_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
        INSERT INTO articles_fts (rowid, title, text) VALUES (new.id, new.title, new.text);
      END;

      INSERT INTO articles_fts (articles_fts) VALUES ('rebuild');
    `,
  },
  {
    // Full articles and read-later. Saved pages have no feed, so source_id must
    // become nullable, which SQLite can only do by rebuilding the table: create
    // the new one, copy every row (ids kept, so the FTS rowids still match),
    // drop the old one (its indexes and triggers go with it; nothing references
    // articles yet, so foreign keys are not disturbed), rename, then recreate
    // the indexes and triggers and rebuild the search index.
    version: 3,
    sql: `
      CREATE TABLE articles_v3 (
        id INTEGER PRIMARY KEY,
        -- NULL for a page saved to read later.
        source_id INTEGER REFERENCES sources (id) ON DELETE CASCADE,
        dedupe_key TEXT NOT NULL,
        guid TEXT,
        url TEXT,
        title TEXT NOT NULL,
        author TEXT,
        excerpt TEXT NOT NULL,
        content_html TEXT NOT NULL,
        -- The full extracted text once downloaded (what search finds), else the feed's.
        text TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        published_at TEXT NOT NULL,
        first_seen_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        read INTEGER NOT NULL DEFAULT 0 CHECK (read IN (0, 1)),
        bookmarked INTEGER NOT NULL DEFAULT 0 CHECK (bookmarked IN (0, 1)),
        bookmarked_at TEXT,
        saved INTEGER NOT NULL DEFAULT 0 CHECK (saved IN (0, 1)),
        saved_at TEXT,
        archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
        archived_at TEXT,
        download_state TEXT NOT NULL DEFAULT 'none'
          CHECK (download_state IN ('none', 'queued', 'downloading', 'done', 'failed', 'not_article')),
        download_error TEXT,
        downloaded_at TEXT,
        site_name TEXT,
        lang TEXT,
        dir TEXT CHECK (dir IN ('ltr', 'rtl')),
        -- Stored images, as /asset/ addresses.
        lead_image TEXT,
        thumbnail TEXT,
        word_count INTEGER CHECK (word_count >= 0),
        reading_minutes INTEGER CHECK (reading_minutes >= 0),
        canonical_url TEXT,
        -- A saved page always has its saved_at; a feed article never is saved.
        CHECK ((saved = 1) = (saved_at IS NOT NULL)),
        CHECK (archived = 0 OR saved = 1),
        UNIQUE (source_id, dedupe_key)
      );

      INSERT INTO articles_v3 (id, source_id, dedupe_key, guid, url, title, author, excerpt, content_html, text,
                               content_hash, published_at, first_seen_at, updated_at, read, bookmarked, bookmarked_at)
        SELECT id, source_id, dedupe_key, guid, url, title, author, excerpt, content_html, text,
               content_hash, published_at, first_seen_at, updated_at, read, bookmarked, bookmarked_at
        FROM articles;

      DROP TABLE articles;
      ALTER TABLE articles_v3 RENAME TO articles;

      CREATE INDEX articles_newest ON articles (published_at DESC, id DESC);
      CREATE INDEX articles_source_newest ON articles (source_id, published_at DESC, id DESC);
      CREATE INDEX articles_source_read ON articles (source_id, read);
      CREATE INDEX articles_bookmarked_newest ON articles (published_at DESC, id DESC) WHERE bookmarked = 1;
      CREATE INDEX articles_unread_newest ON articles (published_at DESC, id DESC) WHERE read = 0;
      CREATE INDEX articles_source_guid ON articles (source_id, guid) WHERE guid IS NOT NULL;
      CREATE INDEX articles_source_url ON articles (source_id, url) WHERE url IS NOT NULL;
      CREATE INDEX articles_source_hash ON articles (source_id, content_hash);
      -- UNIQUE (source_id, dedupe_key) treats NULL sources as all different; saved pages need their own.
      CREATE UNIQUE INDEX articles_saved_key ON articles (dedupe_key) WHERE source_id IS NULL;
      CREATE INDEX articles_saved_url ON articles (url) WHERE saved = 1;
      CREATE INDEX articles_saved_canonical ON articles (canonical_url) WHERE saved = 1 AND canonical_url IS NOT NULL;
      CREATE INDEX articles_saved_newest ON articles (saved_at DESC, id DESC) WHERE saved = 1 AND archived = 0;
      CREATE INDEX articles_archive_newest ON articles (saved_at DESC, id DESC) WHERE archived = 1;
      CREATE INDEX articles_download_pending ON articles (download_state) WHERE download_state IN ('queued', 'downloading');

      CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts (rowid, title, text) VALUES (new.id, new.title, new.text);
      END;
      CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts (articles_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
      END;
      CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN
        INSERT INTO articles_fts (articles_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
        INSERT INTO articles_fts (rowid, title, text) VALUES (new.id, new.title, new.text);
      END;

      -- Which stored images each article uses, so an image no article uses can be deleted.
      CREATE TABLE article_assets (
        article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        asset_name TEXT NOT NULL,
        PRIMARY KEY (article_id, asset_name)
      ) WITHOUT ROWID;
      CREATE INDEX article_assets_name ON article_assets (asset_name);

      INSERT INTO articles_fts (articles_fts) VALUES ('rebuild');
    `,
  },
  {
    // The reading experience at scale. Search covers the author and the feed's
    // name too, which live partly in another table, so the index can no longer
    // be an external-content table over articles: it becomes contentless (it
    // stores only the index, not a second copy of every text; snippets are cut
    // from articles.text) with deletes allowed, kept equal to the tables by
    // triggers on both articles and sources. Prefix indexes keep "harb*" fast.
    // Also: reading progress, and partial indexes that make view counts and
    // "mark all read" touch only the rows they are about.
    version: 4,
    sql: `
      DROP TRIGGER articles_fts_insert;
      DROP TRIGGER articles_fts_delete;
      DROP TRIGGER articles_fts_update;
      DROP TABLE articles_fts;

      ALTER TABLE articles ADD COLUMN reading_progress REAL NOT NULL DEFAULT 0
        CHECK (reading_progress >= 0 AND reading_progress <= 1);

      CREATE VIRTUAL TABLE articles_search USING fts5 (
        title, text, author, feed,
        content = '', contentless_delete = 1,
        tokenize = 'unicode61 remove_diacritics 2',
        prefix = '2 3 4'
      );

      CREATE TRIGGER articles_search_insert AFTER INSERT ON articles BEGIN
        INSERT INTO articles_search (rowid, title, text, author, feed)
        VALUES (new.id, new.title, new.text, COALESCE(new.author, ''),
                COALESCE((SELECT COALESCE(custom_title, title) FROM sources WHERE id = new.source_id), new.site_name, ''));
      END;
      CREATE TRIGGER articles_search_delete AFTER DELETE ON articles BEGIN
        DELETE FROM articles_search WHERE rowid = old.id;
      END;
      CREATE TRIGGER articles_search_update AFTER UPDATE OF title, text, author, site_name, source_id ON articles
      WHEN old.title IS NOT new.title OR old.text IS NOT new.text OR old.author IS NOT new.author
        OR old.site_name IS NOT new.site_name OR old.source_id IS NOT new.source_id
      BEGIN
        DELETE FROM articles_search WHERE rowid = old.id;
        INSERT INTO articles_search (rowid, title, text, author, feed)
        VALUES (new.id, new.title, new.text, COALESCE(new.author, ''),
                COALESCE((SELECT COALESCE(custom_title, title) FROM sources WHERE id = new.source_id), new.site_name, ''));
      END;
      -- A refresh writes the feed's title every time; only a real rename re-indexes its articles.
      CREATE TRIGGER sources_search_rename AFTER UPDATE OF title, custom_title ON sources
      WHEN COALESCE(old.custom_title, old.title) IS NOT COALESCE(new.custom_title, new.title)
      BEGIN
        DELETE FROM articles_search WHERE rowid IN (SELECT id FROM articles WHERE source_id = new.id);
        INSERT INTO articles_search (rowid, title, text, author, feed)
          SELECT id, title, text, COALESCE(author, ''), COALESCE(new.custom_title, new.title)
          FROM articles WHERE source_id = new.id;
      END;

      INSERT INTO articles_search (rowid, title, text, author, feed)
        SELECT a.id, a.title, a.text, COALESCE(a.author, ''), COALESCE(COALESCE(s.custom_title, s.title), a.site_name, '')
        FROM articles a LEFT JOIN sources s ON s.id = a.source_id;

      -- View counts and "mark all read" read these small indexes instead of the table.
      CREATE INDEX articles_listed_unread ON articles (source_id) WHERE read = 0 AND archived = 0;
      CREATE INDEX articles_listed ON articles (source_id) WHERE archived = 0;
      CREATE INDEX articles_bookmarked_source ON articles (source_id) WHERE bookmarked = 1;
      -- Search scoped to a view or feed checks each match here, not in the table row (whose text can run to
      -- many pages): by id, with every column a view condition reads.
      CREATE INDEX articles_search_filter ON articles (id, source_id, read, archived, bookmarked, saved);
    `,
  },
  {
    // Issue 3, feeds complete: folders (nested, as OPML has them), per-feed
    // settings and refresh state for a polite refresh engine, the site's icon
    // stored locally, and the keys of articles removed by retention so that a
    // feed still carrying them does not bring them back as new.
    version: 5,
    sql: `
      CREATE TABLE folders (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        parent_id INTEGER REFERENCES folders (id) ON DELETE CASCADE,
        created_at TEXT NOT NULL
      );
      -- Names are unique among siblings, whatever their case.
      CREATE UNIQUE INDEX folders_sibling_name ON folders (COALESCE(parent_id, 0), name COLLATE NOCASE);

      ALTER TABLE sources ADD COLUMN folder_id INTEGER REFERENCES folders (id) ON DELETE SET NULL;
      -- Minutes between automatic refreshes; NULL follows the global setting, 0 never.
      ALTER TABLE sources ADD COLUMN refresh_interval_minutes INTEGER
        CHECK (refresh_interval_minutes IS NULL OR refresh_interval_minutes >= 0);
      ALTER TABLE sources ADD COLUMN status TEXT NOT NULL DEFAULT 'ok' CHECK (status IN ('ok', 'error', 'gone'));
      ALTER TABLE sources ADD COLUMN last_error_at TEXT;
      ALTER TABLE sources ADD COLUMN last_attempt_at TEXT;
      -- Consecutive failures, for backing off a feed that keeps failing.
      ALTER TABLE sources ADD COLUMN failure_count INTEGER NOT NULL DEFAULT 0;
      -- Earliest time the server allows the next request (Retry-After, Cache-Control max-age).
      ALTER TABLE sources ADD COLUMN not_before TEXT;
      -- sha256 of the last feed body stored: an unchanged body costs no parsing or writes.
      ALTER TABLE sources ADD COLUMN body_hash TEXT;
      -- The site's icon in the asset store, and when Broadsheet last looked for one.
      ALTER TABLE sources ADD COLUMN icon_asset TEXT;
      ALTER TABLE sources ADD COLUMN icon_checked_at TEXT;
      CREATE INDEX sources_folder ON sources (folder_id);

      CREATE TABLE pruned_articles (
        source_id INTEGER NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
        dedupe_key TEXT NOT NULL,
        pruned_at TEXT NOT NULL,
        PRIMARY KEY (source_id, dedupe_key)
      ) WITHOUT ROWID;

      -- What not_before is computed from, so it can be recomputed when an interval changes:
      -- the server's own wait after a 429 or 503 (Retry-After), which refreshes on demand honour too,
      ALTER TABLE sources ADD COLUMN retry_after TEXT;
      -- and until when the last response is fresh (Cache-Control max-age, Expires), for automatic refreshes only.
      ALTER TABLE sources ADD COLUMN fresh_until TEXT;
      -- The ids of the articles the feed's latest document lists (a JSON array): retention never removes those.
      ALTER TABLE sources ADD COLUMN latest_article_ids TEXT;
      -- How the feed arrived: typed by the reader, or imported from an OPML file. An imported
      -- address was chosen by the file, not the reader, so it is held to public addresses.
      ALTER TABLE sources ADD COLUMN added_by TEXT NOT NULL DEFAULT 'typed' CHECK (added_by IN ('typed', 'imported', 'moved'));
    `,
  },
];

export const LATEST_VERSION = migrations.at(-1)?.version ?? 0;

export function schemaVersion(database: Database): number {
  const row = database.sql.prepare('PRAGMA user_version').get() as { user_version: number } | undefined;
  return row?.user_version ?? 0;
}

/** Applies every migration above the database's version, up to `target`. */
export function migrate(database: Database, target = LATEST_VERSION): void {
  const current = schemaVersion(database);
  if (current > LATEST_VERSION) {
    throw new ApiError(
      'storage_failed',
      'This library was last opened by a newer version of Broadsheet. Update Broadsheet to open it.',
    );
  }
  for (const migration of migrations) {
    if (migration.version <= current || migration.version > target) continue;
    database.transaction(() => {
      database.sql.exec(migration.sql);
      database.sql.exec(`PRAGMA user_version = ${migration.version}`);
    });
  }
}
