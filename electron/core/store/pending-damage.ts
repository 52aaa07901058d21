// A damaged library set aside waits for the reader's answer (restore the
// backup offered, or dismiss the notice), and that wait must outlive the
// process: the app may quit, or the web host or the CLI may be the program
// that found the damage. So it is written to <dataDir>/damaged/pending.json,
// and every program that opens the library reposts the notice from it. While
// it is there, Broadsheet makes no daily backups (copies of the empty library),
// deletes none of its own backups and sweeps no images: each would destroy
// what the restore needs.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { BackupInfoSchema } from '../../shared/models.ts';

export const DAMAGED_DIR = 'damaged';
const PENDING_FILE = 'pending.json';

const PendingDamageSchema = z.object({
  /** When the file was set aside (ISO). */
  at: z.string().max(40),
  /** Where the damaged file was kept. */
  keptAt: z.string().max(4096),
  /** The backup the notice offered, if any. */
  backup: BackupInfoSchema.nullable(),
});
export type PendingDamage = z.infer<typeof PendingDamageSchema>;

function pendingPath(dataDir: string): string {
  return join(dataDir, DAMAGED_DIR, PENDING_FILE);
}

/** Records the damage as waiting for an answer; written aside and renamed over, so it is never half written. */
export function recordPendingDamage(dataDir: string, damage: PendingDamage): void {
  const path = pendingPath(dataDir);
  mkdirSync(join(dataDir, DAMAGED_DIR), { recursive: true });
  writeFileSync(`${path}.tmp`, `${JSON.stringify(damage, null, 2)}\n`);
  renameSync(`${path}.tmp`, path);
}

/**
 * The damage waiting for an answer, or null. A record that cannot be read
 * still counts as waiting (its time is the file's), so the guards hold.
 */
export function readPendingDamage(dataDir: string): PendingDamage | null {
  const path = pendingPath(dataDir);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return null;
  }
  try {
    return PendingDamageSchema.parse(JSON.parse(text));
  } catch {
    let at: string;
    try {
      at = statSync(path).mtime.toISOString();
    } catch {
      at = new Date(0).toISOString();
    }
    return { at, keptAt: join(dataDir, DAMAGED_DIR), backup: null };
  }
}

export function damagePending(dataDir: string): boolean {
  return existsSync(pendingPath(dataDir));
}

/** The reader restored a backup or declined the offer. */
export function clearPendingDamage(dataDir: string): void {
  rmSync(pendingPath(dataDir), { force: true });
}

/** `library-2026-11-24T12-00-00Z[-2].db`: a file set aside, named for when. */
const KEPT_NAME = /^library-(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})Z(?:-\d+)?\.db$/;

/**
 * When each damaged library file was set aside (ms), answered or not: the
 * backups made just before are the ones that can bring it back.
 */
export function damageTimes(dataDir: string): number[] {
  const times: number[] = [];
  let names: string[] = [];
  try {
    names = readdirSync(join(dataDir, DAMAGED_DIR));
  } catch {
    // Never damaged.
  }
  for (const name of names) {
    const match = KEPT_NAME.exec(name);
    if (match) times.push(Date.parse(`${match[1]}T${match[2]}:${match[3]}:${match[4]}Z`));
  }
  const pending = readPendingDamage(dataDir);
  if (pending !== null) times.push(Date.parse(pending.at));
  return times.filter((time) => !Number.isNaN(time));
}

