// Crash safety, end to end: the real web host (`broadsheet serve`, its own
// process) refreshes a large news site with full-article downloads, and is
// killed with SIGKILL at a random moment, round after round, then started
// again on the same folder. After every kill, before the restart, the library
// is checked from outside (read-only): the database is intact, no article is
// half stored (text without its images, a row without its search entry), and
// nothing bookmarked or saved before the kill is lost. At the end one
// uninterrupted refresh must complete with every article downloaded.
//
// BROADSHEET_CRASH_ROUNDS sets the number of kills (20); BROADSHEET_CRASH_SEED
// replays a run (the seed is printed first).
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HTTP_TOKEN_HEADER, httpMethodPath, type MethodName } from '../shared/api.ts';
import { EnvelopeSchema } from '../shared/errors.ts';
import { LOCK_FILE } from '../core/library-lock.ts';
import { checkLibraryConsistency, type ConsistencyReport } from '../core/testing/library-consistency.ts';
import { startNewsFlood, type NewsFlood } from '../core/testing/news-flood.ts';

const CLI = fileURLToPath(new URL('../cli/broadsheet.ts', import.meta.url));
const ROUNDS = Number(process.env.BROADSHEET_CRASH_ROUNDS ?? 20);
const SEED = Number(process.env.BROADSHEET_CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31));
const FEEDS = 40;
const ITEMS_PER_FEED = 25;
/** Items every feed lists before the first refresh; the rest appear over the rounds. */
const FIRST_ITEMS = 3;
/** The kill comes this long (at most) after the refresh is asked for: the refresh and its downloads run in it. */
const KILL_WINDOW_MS = 4_000;
const APP_URL = /http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]+/;
/** How long a host asked to stop may take before it is killed: closing never takes this long unless it hangs. */
const STOP_GRACE_MS = 10_000;
/** The final, uninterrupted run downloads every article: 24 s on an idle 2-core machine, far more on a loaded one. */
const FINAL_DOWNLOADS_MS = 240_000;
/** A round on a slow machine: a host start, a few calls, a kill within KILL_WINDOW_MS, the check from outside. */
const ROUND_MS = 30_000;

/**
 * Every host this file started and not yet seen exit. A test that times out
 * never reaches its own clean-up, so afterAll kills what is left here before
 * the folder it writes to is removed.
 */
const running = new Set<ChildProcessWithoutNullStreams>();

async function killAll(): Promise<void> {
  await Promise.all(
    [...running].map((child) => {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGKILL');
      return exited;
    }),
  );
}

/** Small, fast, seedable (mulberry32), so a failing run can be replayed exactly. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface RunningHost {
  pid: number;
  call<T>(method: MethodName, ...args: unknown[]): Promise<T>;
  /** SIGKILL: no clean-up of any kind. */
  kill(): Promise<void>;
  /** SIGTERM: the host closes the library and exits (SIGKILL after STOP_GRACE_MS if it hangs). */
  stop(): Promise<void>;
  stderr(): string;
}

function startHost(dataDir: string): Promise<RunningHost> {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [CLI, 'serve', '--data-dir', dataDir], {
    stdio: 'pipe',
    env: { ...process.env, BROADSHEET_DATA_DIR: dataDir },
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  let stdout = '';
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const isRunning = () => child.exitCode === null && child.signalCode === null;
  const kill = async () => {
    if (isRunning()) child.kill('SIGKILL');
    await exited;
  };
  const stop = async () => {
    if (isRunning()) child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const hung = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), STOP_GRACE_MS)));
    // A host that hangs while closing is killed: the test then fails on what it left, rather than waiting forever.
    if (await Promise.race([exited.then(() => false), hung])) {
      stderr += `\n(the host did not stop within ${STOP_GRACE_MS / 1000} s of SIGTERM and was killed)`;
      await kill();
    }
    clearTimeout(timer);
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`The host printed no address within 60 s.\n${stderr}`));
    }, 60_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The host stopped (exit ${code}) before printing its address.\n${stderr}`));
    });
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const match = APP_URL.exec(stdout);
      if (!match) return;
      clearTimeout(timer);
      const url = new URL(match[0]);
      const token = url.hash.slice('#token='.length);
      resolve({
        pid: child.pid as number,
        async call<T>(method: MethodName, ...args: unknown[]): Promise<T> {
          const response = await fetch(`${url.origin}${httpMethodPath(method)}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', [HTTP_TOKEN_HEADER]: token },
            body: JSON.stringify({ args }),
          });
          const envelope = EnvelopeSchema.parse(await response.json());
          if (!envelope.ok) throw new Error(`${method}: ${envelope.error.code}: ${envelope.error.message}`);
          return envelope.value as T;
        },
        kill,
        stop,
        stderr: () => stderr,
      });
    });
  });
}

interface Summary {
  id: number;
  url: string | null;
  bookmarked: boolean;
}

async function allArticles(host: RunningHost): Promise<Summary[]> {
  const items: Summary[] = [];
  let cursor: string | null = null;
  do {
    const page: { items: Summary[]; nextCursor: string | null } = await host.call('listArticles', {
      view: 'all',
      limit: 500,
      ...(cursor ? { cursor } : {}),
    });
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

/** Runs `work` over `items`, a few at a time. */
async function inBatches<T>(items: readonly T[], size: number, work: (item: T) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(work));
}

function describeReport(report: ConsistencyReport): string {
  return (
    `articles ${report.articles}, stored ${report.done}, pending ${report.pending}, failed ${report.failed}, ` +
    `images ${report.imageFiles} on disk (${report.imagesInUse} in use, ${report.unusedImages} unused, ${report.tempFiles} half-written), ` +
    `bookmarks ${report.bookmarked}, saved ${report.saved}`
  );
}

describe('crash safety', () => {
  let dataDir: string;
  let flood: NewsFlood;
  const random = seededRandom(SEED);

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'broadsheet-crash-'));
    flood = await startNewsFlood({ feeds: FEEDS, itemsPerFeed: ITEMS_PER_FEED, savedPages: 2 * ROUNDS + 3, random });
  });

  afterAll(async () => {
    // Before the folder goes: a host left running by a failed or timed-out test must not write into a deleted library.
    await killAll();
    await flood?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(
    `survives ${ROUNDS} kills during a large refresh with downloads`,
    { timeout: ROUNDS * ROUND_MS + FINAL_DOWNLOADS_MS + 120_000 },
    async () => {
      const started = Date.now();
      console.log(`crash safety: seed ${SEED} (replay with BROADSHEET_CRASH_SEED=${SEED}), ${ROUNDS} rounds, ${FEEDS} feeds × ${ITEMS_PER_FEED} items`);
      const bookmarked: number[] = [];
      const saved: string[] = [];
      let nextSaved = 0;
      const killTimes: number[] = [];

      for (let round = 1; round <= ROUNDS; round += 1) {
        const starting = Date.now();
        const host = await startHost(dataDir);
        const startup = Date.now() - starting;
        try {
          if (round === 1) {
            flood.publish(FIRST_ITEMS);
            // Typed addresses: the reader may subscribe to a feed on this computer.
            await inBatches(flood.feedUrls, 4, (url) => host.call('addFeed', url));
          }
          // Recorded only once the host has answered: from then on they must survive anything.
          const known = await allArticles(host);
          const candidates = known.filter((a) => !a.bookmarked && a.url !== null && !flood.savedPageUrls.includes(a.url));
          const pick = candidates[Math.floor(random() * candidates.length)];
          if (pick) {
            await host.call('setBookmarked', pick.id, true);
            bookmarked.push(pick.id);
          }
          const page = flood.savedPageUrls[nextSaved++] as string;
          await host.call('saveUrl', page);
          saved.push(page);

          // The refresh, and changes still on their way when the kill comes (nothing is promised for those).
          flood.publish(FIRST_ITEMS + Math.ceil(((ITEMS_PER_FEED - FIRST_ITEMS) * round) / (ROUNDS + 1)));
          const asked = Date.now();
          let refreshed: number | null = null;
          host.call('refresh').then(
            () => (refreshed = Date.now() - asked),
            () => {},
          );
          const other = candidates[Math.floor(random() * candidates.length)];
          if (other) host.call('setBookmarked', other.id, true).catch(() => {});
          host.call('saveUrl', flood.savedPageUrls[nextSaved++] as string).catch(() => {});

          const delay = Math.floor(random() * KILL_WINDOW_MS);
          await new Promise((resolve) => setTimeout(resolve, delay));
          await host.kill();
          killTimes.push(delay);

          // What SIGKILL leaves: the dead host's lock, taken over on the next start.
          const lock = JSON.parse(readFileSync(join(dataDir, LOCK_FILE), 'utf8')) as { pid: number };
          expect(lock.pid).toBe(host.pid);

          const report = checkLibraryConsistency(dataDir, { ...flood, bookmarked, saved });
          const phase = refreshed === null ? 'refreshing feeds' : `downloading (feeds done at ${refreshed} ms)`;
          console.log(`round ${round} (host up in ${startup} ms): killed at ${delay} ms, ${phase}: ${describeReport(report)}`);
          expect(report.problems, `round ${round}, seed ${SEED}`).toEqual([]);
        } catch (error) {
          await host.kill();
          console.log(host.stderr());
          throw error;
        }
      }

      // One last run, left alone: every feed lists everything, and all of it downloads.
      const host = await startHost(dataDir);
      const finalStarted = Date.now();
      try {
        flood.publish(ITEMS_PER_FEED);
        const result: { sources: number; failed: number } = await host.call('refresh');
        expect(result).toMatchObject({ sources: FEEDS, failed: 0 });
        let report = checkLibraryConsistency(dataDir, { ...flood, bookmarked, saved });
        while (report.pending > 0) {
          if (Date.now() - finalStarted > FINAL_DOWNLOADS_MS) throw new Error(`Downloads did not finish: ${describeReport(report)}`);
          await new Promise((resolve) => setTimeout(resolve, 1_000));
          report = checkLibraryConsistency(dataDir, { ...flood, bookmarked, saved });
        }
      } finally {
        await host.stop();
      }
      expect(existsSync(join(dataDir, LOCK_FILE)), 'a host that stops cleanly lets go of its lock').toBe(false);
      const report = checkLibraryConsistency(dataDir, { ...flood, bookmarked, saved });
      console.log(`final run (${Date.now() - finalStarted} ms): ${describeReport(report)}`);
      expect(report.problems).toEqual([]);
      expect(report.failed).toBe(0);
      expect(report.done, JSON.stringify(report.states)).toBe(report.articles);
      expect(report.articles).toBe(FEEDS * ITEMS_PER_FEED + report.saved);
      expect(report.unusedImages + report.tempFiles, 'left-overs of the kills are swept').toBe(0);

      const sorted = [...killTimes].sort((a, b) => a - b);
      console.log(
        `crash safety: ${ROUNDS} kills at ${sorted[0]}–${sorted.at(-1)} ms (median ${sorted[Math.floor(sorted.length / 2)]} ms) ` +
          `after the refresh was asked for; ${bookmarked.length} bookmarks and ${saved.length} saved pages kept; ` +
          `${Math.round((Date.now() - started) / 1000)} s in all`,
      );
    },
  );
});
