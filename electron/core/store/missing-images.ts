// After a restore of a backup of the database only, the library keeps its
// own images; an image deleted since that backup was made does not come back
// with it. These are the articles that use such an image, to be downloaded
// again rather than shown stored but with holes.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from './database.ts';

/** The ids of articles that use an image not in `assetsDir`. */
export function articlesMissingImages(db: Database, assetsDir: string): number[] {
  const stored = storedImageNames(assetsDir);
  const rows = db.sql.prepare('SELECT article_id, asset_name FROM article_assets ORDER BY article_id').all() as unknown as Array<{
    article_id: number;
    asset_name: string;
  }>;
  const missing = new Set<number>();
  for (const row of rows) if (!stored.has(row.asset_name)) missing.add(row.article_id);
  return [...missing];
}

/** `ab/abcdef….png` for every file in the store's shard folders: one listing per shard, not a look-up per image. */
function storedImageNames(assetsDir: string): Set<string> {
  const names = new Set<string>();
  let shards: string[];
  try {
    shards = readdirSync(assetsDir);
  } catch {
    return names;
  }
  for (const shard of shards) {
    try {
      for (const file of readdirSync(join(assetsDir, shard))) names.add(`${shard}/${file}`);
    } catch {
      // Not a folder.
    }
  }
  return names;
}
