// A seeded pseudo-random source, so the demo data set is the same on every
// machine and in every test run. sfc32 rather than mulberry32: mulberry32 has
// 32 bits of state, so with ~150k message ids drawn from it a few would collide
// (birthday bound ≈ n²/2³³), and messageId is the idempotency key the collector
// de-duplicates on. sfc32 has 128 bits of state and passes PractRand.
// https://pracrand.sourceforge.net/ · https://github.com/bryc/code/blob/master/jshash/PRNGs.md

const twoPow32 = 4_294_967_296;

/** splitmix32: spreads a small seed (42, 43, ...) over all 32 bits. */
function splitmix32(state: number): { value: number; next: number } {
  const next = (state + 0x9e3779b9) | 0;
  let z = next;
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
  return { value: (z ^ (z >>> 15)) >>> 0, next };
}

export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /**
   * `stream` gives independent sequences from one seed: the generator gives
   * each visitor its own stream, so visitor #17 behaves the same whether the
   * run has 300 visitors or 5000.
   */
  constructor(seed: number, stream = 0) {
    let state = (Math.imul(seed | 0, 0x85ebca6b) ^ Math.imul(stream | 0, 0xc2b2ae35)) | 0;
    const words: number[] = [];
    for (let i = 0; i < 4; i += 1) {
      const step = splitmix32(state);
      words.push(step.value);
      state = step.next;
    }
    [this.a, this.b, this.c, this.d] = words as [number, number, number, number];
    // Warm up so nearby seeds do not start with correlated outputs.
    for (let i = 0; i < 15; i += 1) this.uint32();
  }

  /** sfc32 step: a uniformly distributed unsigned 32-bit integer. */
  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.uint32() / twoPow32;
  }

  /** Uniform in [min, max). */
  between(min: number, max: number): number {
    return min + (max - min) * this.float();
  }

  /** Uniform integer in [min, max], both ends included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.float() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.float() < probability;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.float() * items.length)];
    if (item === undefined) throw new RangeError('Random.pick: empty list');
    return item;
  }

  /** Picks a key of `weights` with probability proportional to its weight. */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K {
    const entries = Object.entries(weights) as [K, number][];
    return this.weightedBy(entries, ([, weight]) => weight)[0];
  }

  /** Picks an index with probability proportional to `weights[index]`. */
  weightedIndex(weights: readonly number[]): number {
    return this.weightedBy([...weights.keys()], (index) => weights[index] ?? 0);
  }

  /** Picks an item with probability proportional to `weightOf(item)`. */
  weightedBy<T>(items: readonly T[], weightOf: (item: T) => number): T {
    let total = 0;
    for (const item of items) total += weightOf(item);
    let target = this.float() * total;
    for (const item of items) {
      target -= weightOf(item);
      if (target < 0) return item;
    }
    // Only reached through rounding at the very top of the range.
    return this.pick(items);
  }

  /** Standard normal through Box–Muller, scaled to `mean` and `sd`. */
  normal(mean = 0, sd = 1): number {
    const u = 1 - this.float(); // (0, 1], keeps log() finite
    const v = this.float();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /**
   * Log-normal with the given median: the usual shape of spend, dwell times
   * and session counts (many small values, a long tail of large ones).
   */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(this.normal(0, sigma));
  }

  /** Exponential with the given mean: the gaps of a Poisson process. */
  exponential(mean: number): number {
    return -mean * Math.log(1 - this.float());
  }

  /**
   * A UUID in version-4 layout (RFC 9562 §5.4) drawn from this stream, so
   * message ids are reproducible; version nibble 4, variant bits 10.
   */
  uuid(): string {
    const a = this.uint32();
    const b = ((this.uint32() & 0xffff0fff) | 0x00004000) >>> 0; // version 4
    const c = ((this.uint32() & 0x3fffffff) | 0x80000000) >>> 0; // variant 10
    const d = this.uint32();
    const hex = (word: number) => word.toString(16).padStart(8, '0');
    const [hb, hc] = [hex(b), hex(c)];
    return `${hex(a)}-${hb.slice(0, 4)}-${hb.slice(4)}-${hc.slice(0, 4)}-${hc.slice(4)}${hex(d)}`;
  }

  /** `length` lowercase hex digits, for order numbers and similar ids. */
  hex(length: number): string {
    let out = '';
    while (out.length < length) out += this.uint32().toString(16).padStart(8, '0');
    return out.slice(0, length);
  }
}
