// The thread a FeedReaderPool starts: reads the feed bodies it is sent, one at
// a time (see ../worker-pool-thread.ts for how answers and errors cross back).
import { serveTasks } from '../worker-pool-thread.ts';
import { readFeed } from './read-feed.ts';

export interface ReadFeedTask {
  body: string;
  feedUrl: string;
  /** The refresh's clock (ms), so a test's fixed clock holds in the thread too. */
  now: number;
}

// Called once every import above has loaded: until then, an error means the thread cannot start at all.
serveTasks('read-feed-worker', (task: ReadFeedTask) => readFeed(task.body, task.feedUrl, new Date(task.now)));
