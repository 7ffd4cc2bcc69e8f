import { NeumaierSum } from "../../numerics/neumaier-sum.ts";
import { computeTopLabel } from "./top-label.ts";
import { validateMulticlassInputs } from "./validate-multiclass-inputs.ts";

const BIN_COUNT = 15;
/** Bin edges k/15, correctly rounded (equal to numpy's `linspace(0, 1, 16)`). */
const EDGES = Float64Array.from({ length: BIN_COUNT + 1 }, (_, k) => k / BIN_COUNT);

/**
 * Top-label expected calibration error (DESIGN.md): each row contributes its top-label
 * probability (the argmax probability) and whether the argmax class is the label. 15
 * equal-width bins, bin k holding p in (k/15, (k+1)/15] with bin 0 also holding 0;
 * ECE = Σ_bins (n_b/N)·|accuracy_b − mean confidence_b| over non-empty bins. Uses the
 * probabilities as given (no renormalisation).
 */
export function multiclassEce(labels: Float64Array, probabilities: readonly Float64Array[]): number {
  validateMulticlassInputs(labels, probabilities);
  const { predicted, confidence } = computeTopLabel(probabilities);
  return computeMulticlassEce(labels, predicted, confidence);
}

/** Unchecked core of `multiclassEce`, from the rows' argmax classes and probabilities. */
export function computeMulticlassEce(labels: Float64Array, predicted: Int32Array, confidence: Float64Array): number {
  const n = labels.length;
  const counts = new Float64Array(BIN_COUNT);
  const correct = new Float64Array(BIN_COUNT);
  const confidenceSums = Array.from({ length: BIN_COUNT }, () => new NeumaierSum());
  for (let i = 0; i < n; i++) {
    const p = confidence[i] as number;
    const bin = eceBin(p);
    counts[bin] = (counts[bin] as number) + 1;
    if (predicted[i] === labels[i]) correct[bin] = (correct[bin] as number) + 1;
    (confidenceSums[bin] as NeumaierSum).add(p);
  }
  let ece = 0;
  for (let b = 0; b < BIN_COUNT; b++) {
    const count = counts[b] as number;
    if (count === 0) continue;
    const accuracy = (correct[b] as number) / count;
    const meanConfidence = (confidenceSums[b] as NeumaierSum).value() / count;
    ece += (count / n) * Math.abs(accuracy - meanConfidence);
  }
  return ece;
}

/**
 * Index of the bin holding p ∈ [0, 1], decided by comparing with the edge table (so it
 * agrees with `searchsorted(edges, p, side="left") − 1`, bin 0 also taking 0): the
 * product p·15 is only a first guess, as it can round across an edge.
 */
export function eceBin(p: number): number {
  let bin = Math.ceil(p * BIN_COUNT) - 1;
  if (bin < 0) bin = 0;
  else if (bin > BIN_COUNT - 1) bin = BIN_COUNT - 1;
  while (bin > 0 && p <= (EDGES[bin] as number)) bin--;
  while (bin < BIN_COUNT - 1 && p > (EDGES[bin + 1] as number)) bin++;
  return bin;
}
