/**
 * Neumaier-compensated summation (an improved Kahan sum). numpy sums pairwise; a naive
 * running sum drifts ~1e-13 relative at 1e6 rows, which is too far from the reference
 * implementations, so every sum in core goes through this accumulator.
 */
export class NeumaierSum {
  private sum = 0;
  private compensation = 0;

  add(x: number): void {
    const t = this.sum + x;
    if (Math.abs(this.sum) >= Math.abs(x)) {
      this.compensation += this.sum - t + x;
    } else {
      this.compensation += x - t + this.sum;
    }
    this.sum = t;
  }

  value(): number {
    return this.sum + this.compensation;
  }
}

export function neumaierSum(values: ArrayLike<number>): number {
  const acc = new NeumaierSum();
  for (let i = 0; i < values.length; i++) acc.add(values[i] as number);
  return acc.value();
}
