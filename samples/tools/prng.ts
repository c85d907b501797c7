// Seeded pseudo-random numbers. The sample scans are committed to the repo and used as
// golden test inputs, so every run of the generator must produce byte-identical output:
// nothing here may touch Math.random or the clock.

/** mulberry32: tiny, fast, good enough statistical quality for image noise. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Uniform float in [lo, hi). */
  range(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  /** Uniform integer in [lo, hi] inclusive. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  /**
   * Standard normal deviate. Uses the sum of 4 uniforms (Irwin-Hall, rescaled) rather than
   * Box-Muller: it is about 3x cheaper, which matters when we draw one per pixel of an
   * 8.7-megapixel page, and the slightly short tails are harmless for scanner grain.
   */
  gauss(): number {
    return (this.next() + this.next() + this.next() + this.next() - 2) * 1.7320508;
  }
}

/** Derive an independent seed per sample so adding a sample does not change the others. */
export function seedFor(name: string): number {
  let h = 2166136261;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}
