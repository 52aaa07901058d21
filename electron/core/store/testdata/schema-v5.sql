-- The schema of a Broadsheet library at version 5, as released. Never edit this file: add a migration.

CREATE TABLE article_assets (
        article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        asset_name TEXT NOT NULL,
        PRIMARY KEY (article_id, asset_name)
      ) WITHOUT ROWID;

CREATE TABLE "articles" (
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
        canonical_url TEXT, reading_progress REAL NOT NULL DEFAULT 0
        CHECK (reading_progress >= 0 AND reading_progress <= 1),
        -- A saved page always has its saved_at; a feed article never is saved.
        CHECK ((saved = 1) = (saved_at IS NOT NULL)),
        CHECK (archived = 0 OR saved = 1),
        UNIQUE (source_id, dedupe_key)
      );

CREATE VIRTUAL TABLE articles_search USING fts5 (
        title, text, author, feed,
        content = '', contentless_delete = 1,
        tokenize = 'unicode61 remove_diacritics 2',
        prefix = '2 3 4'
      );

CREATE TABLE folders (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        parent_id INTEGER REFERENCES folders (id) ON DELETE CASCADE,
        created_at TEXT NOT NULL
      );

CREATE TABLE pruned_articles (
        source_id INTEGER NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
        dedupe_key TEXT NOT NULL,
        pruned_at TEXT NOT NULL,
        PRIMARY KEY (source_id, dedupe_key)
      ) WITHOUT ROWID;

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
      , folder_id INTEGER REFERENCES folders (id) ON DELETE SET NULL, refresh_interval_minutes INTEGER
        CHECK (refresh_interval_minutes IS NULL OR refresh_interval_minutes >= 0), status TEXT NOT NULL DEFAULT 'ok' CHECK (status IN ('ok', 'error', 'gone')), last_error_at TEXT, last_attempt_at TEXT, failure_count INTEGER NOT NULL DEFAULT 0, not_before TEXT, body_hash TEXT, icon_asset TEXT, icon_checked_at TEXT, retry_after TEXT, fresh_until TEXT, latest_article_ids TEXT, added_by TEXT NOT NULL DEFAULT 'typed' CHECK (added_by IN ('typed', 'imported', 'moved')));

CREATE INDEX article_assets_name ON article_assets (asset_name);

CREATE INDEX articles_archive_newest ON articles (saved_at DESC, id DESC) WHERE archived = 1;

CREATE INDEX articles_bookmarked_newest ON articles (published_at DESC, id DESC) WHERE bookmarked = 1;

CREATE INDEX articles_bookmarked_source ON articles (source_id) WHERE bookmarked = 1;

CREATE INDEX articles_download_pending ON articles (download_state) WHERE download_state IN ('queued', 'downloading');

CREATE INDEX articles_listed ON articles (source_id) WHERE archived = 0;

CREATE INDEX articles_listed_unread ON articles (source_id) WHERE read = 0 AND archived = 0;

CREATE INDEX articles_newest ON articles (published_at DESC, id DESC);

CREATE INDEX articles_saved_canonical ON articles (canonical_url) WHERE saved = 1 AND canonical_url IS NOT NULL;

CREATE UNIQUE INDEX articles_saved_key ON articles (dedupe_key) WHERE source_id IS NULL;

CREATE INDEX articles_saved_newest ON articles (saved_at DESC, id DESC) WHERE saved = 1 AND archived = 0;

CREATE INDEX articles_saved_url ON articles (url) WHERE saved = 1;

CREATE INDEX articles_search_filter ON articles (id, source_id, read, archived, bookmarked, saved);

CREATE INDEX articles_source_guid ON articles (source_id, guid) WHERE guid IS NOT NULL;

CREATE INDEX articles_source_hash ON articles (source_id, content_hash);

CREATE INDEX articles_source_newest ON articles (source_id, published_at DESC, id DESC);

CREATE INDEX articles_source_read ON articles (source_id, read);

CREATE INDEX articles_source_url ON articles (source_id, url) WHERE url IS NOT NULL;

CREATE INDEX articles_unread_newest ON articles (published_at DESC, id DESC) WHERE read = 0;

CREATE UNIQUE INDEX folders_sibling_name ON folders (COALESCE(parent_id, 0), name COLLATE NOCASE);

CREATE INDEX sources_folder ON sources (folder_id);

CREATE TRIGGER articles_search_delete AFTER DELETE ON articles BEGIN
        DELETE FROM articles_search WHERE rowid = old.id;
      END;

CREATE TRIGGER articles_search_insert AFTER INSERT ON articles BEGIN
        INSERT INTO articles_search (rowid, title, text, author, feed)
        VALUES (new.id, new.title, new.text, COALESCE(new.author, ''),
                COALESCE((SELECT COALESCE(custom_title, title) FROM sources WHERE id = new.source_id), new.site_name, ''));
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

CREATE TRIGGER sources_search_rename AFTER UPDATE OF title, custom_title ON sources
      WHEN COALESCE(old.custom_title, old.title) IS NOT COALESCE(new.custom_title, new.title)
      BEGIN
        DELETE FROM articles_search WHERE rowid IN (SELECT id FROM articles WHERE source_id = new.id);
        INSERT INTO articles_search (rowid, title, text, author, feed)
          SELECT id, title, text, COALESCE(author, ''), COALESCE(new.custom_title, new.title)
          FROM articles WHERE source_id = new.id;
      END;
