const ALPHANUMERIC = 'abcdefghijklmnopqrstuvwxyz0123456789';
const HEX_DIGITS = '0123456789abcdef';

/**
 * Seeded pseudo-random numbers (mulberry32), so generated data is the same on
 * every run with the same seed. Not for anything that needs to be secret.
 */
export class Random {
  #state: number;

  constructor(seed: number) {
    this.#state = seed >>> 0;
  }

  /** Returns a float in [0, 1). */
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);

    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }

  /** Returns an integer in [min, max], both ends included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** Returns true with the given probability. */
  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) {
      throw new Error('Random.pick needs a non-empty list');
    }

    return item;
  }

  /** Returns `length` characters drawn from `alphabet`. */
  string(length: number, alphabet: string): string {
    let text = '';
    for (let i = 0; i < length; i += 1) {
      text += alphabet[Math.floor(this.next() * alphabet.length)];
    }

    return text;
  }

  hex(length: number): string {
    return this.string(length, HEX_DIGITS);
  }

  alphanumeric(length: number): string {
    return this.string(length, ALPHANUMERIC);
  }
}
