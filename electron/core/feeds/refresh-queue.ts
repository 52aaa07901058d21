// Runs feed downloads with two limits: so many at once overall, and only a
// couple at once against any one host, so a reader following fifty feeds on
// one site never hits that server with fifty requests together.
import PQueue from 'p-queue';
import { siteHost } from './web-address.ts';

export const OVERALL_CONCURRENCY = 8;
export const PER_HOST_CONCURRENCY = 2;

export interface RefreshQueueOptions {
  concurrency?: number;
  perHost?: number;
}

export class RefreshQueue {
  readonly #overall: PQueue;
  readonly #perHost: number;
  readonly #hosts = new Map<string, PQueue>();

  constructor(options: RefreshQueueOptions = {}) {
    this.#overall = new PQueue({ concurrency: options.concurrency ?? OVERALL_CONCURRENCY });
    this.#perHost = options.perHost ?? PER_HOST_CONCURRENCY;
  }

  /** Runs `task` once both its host and the whole queue have a free slot. */
  async add<T>(host: string, task: () => Promise<T>): Promise<Awaited<T>> {
    let queue = this.#hosts.get(host);
    if (!queue) {
      queue = new PQueue({ concurrency: this.#perHost });
      this.#hosts.set(host, queue);
    }
    const hostQueue = queue;
    try {
      // The host's slot is taken first: an overall slot is then never held by
      // a task that is only waiting for its host.
      return await hostQueue.add(() => this.#overall.add(task));
    } finally {
      if (hostQueue.size === 0 && hostQueue.pending === 0 && this.#hosts.get(host) === hostQueue) this.#hosts.delete(host);
    }
  }
}

/** The politeness key of an address: its host name, "www." aside. */
export function hostKey(address: string): string {
  return siteHost(address) ?? address;
}
