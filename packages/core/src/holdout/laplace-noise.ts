import type { Rng } from "../random/create-rng.ts";

/**
 * One draw of Laplace(0, scale) noise (density e^{−|x|/b}/2b) by the inverse CDF:
 * u = U − ½ with U uniform in (0, 1) (a U of exactly 0 is drawn again),
 * x = −b·sgn(u)·ln(1 − 2|u|). Consumes two or more `nextUint32` outputs per draw.
 */
export function laplaceNoise(rng: Rng, scale: number): number {
  for (;;) {
    const uniform = rng.nextFloat();
    if (uniform === 0) continue;
    const u = uniform - 0.5;
    return -scale * Math.sign(u) * Math.log1p(-2 * Math.abs(u)) + 0; // + 0 turns −0 into 0
  }
}
