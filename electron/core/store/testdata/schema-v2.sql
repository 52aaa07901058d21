-- The schema of a Broadsheet library at version 2, as released. Never edit this file: add a migration.

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

CREATE VIRTUAL TABLE articles_fts USING fts5 (
        title, text,
        content = 'articles', content_rowid = 'id',
        tokenize = 'unicode61 remove_diacritics 2'
      );

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

CREATE INDEX articles_bookmarked_newest ON articles (published_at DESC, id DESC) WHERE bookmarked = 1;

CREATE INDEX articles_newest ON articles (published_at DESC, id DESC);

CREATE INDEX articles_source_guid ON articles (source_id, guid) WHERE guid IS NOT NULL;

CREATE INDEX articles_source_hash ON articles (source_id, content_hash);

CREATE INDEX articles_source_newest ON articles (source_id, published_at DESC, id DESC);

CREATE INDEX articles_source_read ON articles (source_id, read);

CREATE INDEX articles_source_url ON articles (source_id, url) WHERE url IS NOT NULL;

CREATE INDEX articles_unread_newest ON articles (published_at DESC, id DESC) WHERE read = 0;

CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts (articles_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
      END;

CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts (rowid, title, text) VALUES (new.id, new.title, new.text);
      END;

CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN
        INSERT INTO articles_fts (articles_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
        INSERT INTO articles_fts (rowid, title, text) VALUES (new.id, new.title, new.text);
      END;
