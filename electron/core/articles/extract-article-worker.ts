// The thread an ArticleExtractorPool starts: extracts the pages it is sent, one
// at a time (see ../worker-pool-thread.ts for how answers and errors cross back).
// ExtractedArticle is strings, numbers, booleans and nulls: it crosses as itself.
import { serveTasks } from '../worker-pool-thread.ts';
import { extractArticle } from './extract.ts';

export interface ExtractArticleTask {
  html: string;
  pageUrl: string;
}

// Called once every import above has loaded: until then, an error means the thread cannot start at all.
serveTasks('extract-article-worker', (task: ExtractArticleTask) => extractArticle(task.html, task.pageUrl));
