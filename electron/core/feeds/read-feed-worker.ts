// The thread a FeedReaderPool starts: reads the feed bodies it is sent, one at
// a time, and answers with the result, or with the error's code and plain
// message (an ApiError cannot cross a thread boundary as itself).
import { parentPort } from 'node:worker_threads';
import { ApiError, type ErrorCode } from '../../shared/errors.ts';
import { readFeed, type ReadFeed } from './read-feed.ts';

export interface ReadFeedTask {
  id: number;
  body: string;
  feedUrl: string;
  /** The refresh's clock (ms), so a test's fixed clock holds in the thread too. */
  now: number;
}

export type ReaderMessage =
  | { kind: 'ready' }
  | { kind: 'done'; id: number; feed: ReadFeed }
  | { kind: 'failed'; id: number; code: ErrorCode | null; message: string };

const port = parentPort;
if (!port) throw new Error('read-feed-worker runs only as a worker thread (see feed-reader-pool.ts).');

port.on('message', (task: ReadFeedTask) => {
  let reply: ReaderMessage;
  try {
    reply = { kind: 'done', id: task.id, feed: readFeed(task.body, task.feedUrl, new Date(task.now)) };
  } catch (error) {
    reply = error instanceof ApiError
      ? { kind: 'failed', id: task.id, code: error.code, message: error.message }
      : { kind: 'failed', id: task.id, code: null, message: String(error) };
  }
  port.postMessage(reply);
});

// Sent once every import above has loaded: until then, an error means the thread cannot start at all.
port.postMessage({ kind: 'ready' } satisfies ReaderMessage);
