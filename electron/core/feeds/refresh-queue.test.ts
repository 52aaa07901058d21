import { describe, expect, it } from 'vitest';
import { hostKey, RefreshQueue } from './refresh-queue.ts';

/** A task that stays running until released, recording how many run at once per host and overall. */
function tracker() {
  const running = new Map<string, number>();
  const peaks = new Map<string, number>();
  let overall = 0;
  let overallPeak = 0;
  const releases: Array<() => void> = [];
  const task = (host: string) => async () => {
    running.set(host, (running.get(host) ?? 0) + 1);
    peaks.set(host, Math.max(peaks.get(host) ?? 0, running.get(host) ?? 0));
    overall += 1;
    overallPeak = Math.max(overallPeak, overall);
    await new Promise<void>((resolve) => releases.push(resolve));
    running.set(host, (running.get(host) ?? 1) - 1);
    overall -= 1;
    return host;
  };
  return { task, peaks, overallPeak: () => overallPeak, releases };
}

async function drain(releases: Array<() => void>, settled: () => boolean): Promise<void> {
  while (!settled()) {
    await new Promise((resolve) => setImmediate(resolve));
    releases.splice(0).forEach((release) => release());
  }
}

describe('RefreshQueue', () => {
  it('runs at most two per host and eight overall, and finishes everything', async () => {
    const queue = new RefreshQueue();
    const t = tracker();
    const hosts = ['a', 'b', 'c', 'd', 'e', 'f'];
    const work = hosts.flatMap((host) => Array.from({ length: 5 }, () => queue.add(host, t.task(host))));
    let finished = false;
    const all = Promise.all(work).then((results) => {
      finished = true;
      return results;
    });
    await drain(t.releases, () => finished);
    const results = await all;
    expect(results).toHaveLength(30);
    for (const host of hosts) expect(t.peaks.get(host)).toBe(2);
    expect(t.overallPeak()).toBe(8);
  });

  it('passes a task’s failure to its caller and carries on with the rest', async () => {
    const queue = new RefreshQueue({ concurrency: 1, perHost: 1 });
    const failing = queue.add('x', () => Promise.reject(new Error('boom')));
    const working = queue.add('x', async () => 'fine');
    await expect(failing).rejects.toThrow('boom');
    await expect(working).resolves.toBe('fine');
  });
});

describe('hostKey', () => {
  it('is the host name without www.', () => {
    expect(hostKey('https://www.example.com/feed')).toBe('example.com');
    expect(hostKey('http://127.0.0.1:8080/a')).toBe('127.0.0.1');
  });
});
