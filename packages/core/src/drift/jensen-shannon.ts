import { InvalidInputError } from "../errors/invalid-input-error.ts";
import { NeumaierSum } from "../numerics/neumaier-sum.ts";
import { validateProportions } from "./psi.ts";

/**
 * Jensen–Shannon distance in base 2, as scipy 1.10.1
 * `scipy.spatial.distance.jensenshannon(reference, current, base=2)` (STATISTICS.md §3):
 * both vectors normalised by their sums, m = (p + q)/2, JS = √((KL(p‖m) + KL(q‖m))/(2 ln 2)),
 * a distance in [0, 1]. Zeros are fine (0·ln 0 = 0). Two differences from scipy, both on
 * inputs scipy turns into NaN: an all-zero vector is refused (InvalidInputError), and a
 * divergence that rounds to −1e-17 is clamped to 0 before the square root.
 */
export function jensenShannon(reference: ArrayLike<number>, current: ArrayLike<number>): number {
  validateProportions(reference, current, "Jensen-Shannon");
  const p = normalised(reference, "reference");
  const q = normalised(current, "current");
  const divergence = new NeumaierSum();
  for (let k = 0; k < p.length; k++) {
    const pk = p[k] as number;
    const qk = q[k] as number;
    const mk = (pk + qk) / 2;
    if (pk > 0) divergence.add(pk * Math.log(pk / mk));
    if (qk > 0) divergence.add(qk * Math.log(qk / mk));
  }
  const js = divergence.value() / Math.LN2;
  return Math.sqrt(Math.max(js, 0) / 2);
}

function normalised(values: ArrayLike<number>, side: string): Float64Array {
  const total = new NeumaierSum();
  for (let k = 0; k < values.length; k++) total.add(values[k] as number);
  const sum = total.value();
  if (!(sum > 0)) throw new InvalidInputError(`Jensen-Shannon: the ${side} distribution is all zeros`);
  const out = new Float64Array(values.length);
  for (let k = 0; k < values.length; k++) out[k] = (values[k] as number) / sum;
  return out;
}
