import { InvalidInputError } from "../errors/invalid-input-error.ts";
import { createRng, type Rng } from "../random/create-rng.ts";
import { seedToUint64 } from "../random/splitmix64.ts";

/**
 * Core's PRNG (`createRng`) with a count of the 32-bit outputs drawn, so a mechanism that
 * holds it can be stored as (seed, draws) and resumed exactly: `resume` replays `draws`
 * outputs (a few nanoseconds each). The seed is kept as the decimal string of its value
 * modulo 2^64 (JSON has no bigint).
 */
export class ReplayableRng implements Rng {
  private readonly rng: Rng;
  private count = 0;

  private constructor(readonly seed: string) {
    this.rng = createRng(BigInt(seed));
  }

  static create(seed: number | bigint): ReplayableRng {
    return new ReplayableRng(seedToUint64(seed).toString());
  }

  static resume(seed: string, draws: number): ReplayableRng {
    if (typeof seed !== "string" || !/^\d+$/.test(seed)) {
      throw new InvalidInputError(`stored seed must be a decimal string, got ${String(seed)}`);
    }
    if (!Number.isSafeInteger(draws) || draws < 0) {
      throw new InvalidInputError(`stored draw count must be a non-negative integer, got ${String(draws)}`);
    }
    const rng = new ReplayableRng(seedToUint64(BigInt(seed)).toString());
    for (let k = 0; k < draws; k++) rng.nextUint32();
    return rng;
  }

  /** 32-bit outputs drawn so far. */
  get draws(): number {
    return this.count;
  }

  nextUint32(): number {
    this.count++;
    return this.rng.nextUint32();
  }

  nextFloat(): number {
    this.count += 2; // nextFloat consumes exactly two outputs (create-rng.ts)
    return this.rng.nextFloat();
  }
}
