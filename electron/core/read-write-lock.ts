// Many downloads may store images at once (shared); deleting images no article
// uses (exclusive) must wait until none is between "image written" and "article
// row committed", or it would delete a picture an article is about to use.
export class ReadWriteLock {
  #readers = 0;
  #writer = false;
  #waiting: Array<() => void> = [];

  async shared<T>(work: () => Promise<T>): Promise<T> {
    while (this.#writer) await this.#wait();
    this.#readers += 1;
    try {
      return await work();
    } finally {
      this.#readers -= 1;
      this.#wake();
    }
  }

  async exclusive<T>(work: () => Promise<T>): Promise<T> {
    while (this.#writer || this.#readers > 0) await this.#wait();
    this.#writer = true;
    try {
      return await work();
    } finally {
      this.#writer = false;
      this.#wake();
    }
  }

  #wait(): Promise<void> {
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  #wake(): void {
    for (const resolve of this.#waiting.splice(0)) resolve();
  }
}
