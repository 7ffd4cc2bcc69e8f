import { InvalidInputError } from "../errors/invalid-input-error.ts";
import { createRng } from "../random/create-rng.ts";
import { binColumn, fitBinThresholds } from "./bin-features.ts";
import type { EncodedMatrix } from "./encoded-matrix.ts";
import { TreeGrower } from "./grow-tree.ts";

export interface GradientBoostingParams {
  /** Boosting iterations, one tree each. */
  maxIterations: number;
  learningRate: number;
  /** Edges from the root to the deepest leaf. */
  maxDepth: number;
  minSamplesLeaf: number;
  l2Regularization: number;
  /** Bins per feature, at most 255. */
  maxBins: number;
}

/** One tree on raw feature values: a row goes left at a split node when x[feature] ≤ threshold (feature −1 = leaf). */
export interface BoostedTree {
  feature: number[];
  threshold: number[];
  left: number[];
  right: number[];
  value: number[];
}

/** A fitted binary gradient-boosted trees model (JSON-safe): P(y=1) = σ(baseline + Σ tree values). */
export interface GradientBoostingModel {
  /** log(p̄ / (1 − p̄)) of the train labels. */
  baseline: number;
  trees: BoostedTree[];
}

/**
 * Binary log-loss gradient boosting on histogram-binned features, following sklearn's
 * `HistGradientBoostingClassifier` (1.2.1) with `early_stopping=False` and no leaf-count cap
 * (`max_leaf_nodes=None`): the start is the train log-odds, each iteration fits one tree to
 * the float32 gradients p − y and hessians p(1 − p) (see TreeGrower) and adds its
 * learning-rate-shrunk leaf values. Thresholds come from `fitBinThresholds`; the seed only
 * chooses the binning subsample, used when there are more than 200,000 train rows.
 *
 * Columns must be finite (missing values are imputed by the feature encoder, which adds a
 * missing-indicator column that trees can split on). Steppable: `step()` grows one tree.
 */
export class GradientBoostingTrainer {
  readonly #labels: Float64Array;
  readonly #params: GradientBoostingParams;
  readonly #thresholds: Float64Array[];
  readonly #grower: TreeGrower;
  readonly #rows: Uint32Array;
  readonly #raw: Float64Array;
  readonly #gradients: Float32Array;
  readonly #hessians: Float32Array;
  readonly #baseline: number;
  readonly #trees: BoostedTree[] = [];
  readonly #trainLoss: number[] = [];

  constructor(input: { matrix: EncodedMatrix; labels: Float64Array; params: GradientBoostingParams; seed: number }) {
    const { matrix, labels, params } = input;
    validate(matrix, labels);
    this.#labels = labels;
    this.#params = params;
    const n = labels.length;
    const denseThresholds = fitBinThresholds(
      matrix.dense.map((d) => d.values),
      params.maxBins,
      createRng(input.seed),
    );
    this.#thresholds = new Array(matrix.width);
    matrix.dense.forEach(({ column }, k) => {
      this.#thresholds[column] = denseThresholds[k] as Float64Array;
    });
    for (const { first, size, codes } of matrix.oneHot) {
      const counts = new Uint32Array(size);
      for (const code of codes) counts[code] = (counts[code] as number) + 1;
      // A 0/1 column's one threshold is the midpoint 0.5, when both values occur in train.
      counts.forEach((count, j) => {
        this.#thresholds[first + j] = count > 0 && count < n ? Float64Array.of(0.5) : new Float64Array(0);
      });
    }
    this.#rows = new Uint32Array(n);
    this.#grower = new TreeGrower(
      {
        rows: n,
        width: matrix.width,
        dense: matrix.dense.map(({ column, values }, k) => ({
          column,
          bins: binColumn(values, denseThresholds[k] as Float64Array),
        })),
        oneHot: matrix.oneHot,
        binCounts: this.#thresholds.map((t) => t.length + 1),
      },
      this.#rows,
    );
    let positives = 0;
    for (const y of labels) positives += y;
    const mean = positives / n;
    this.#baseline = Math.log(mean / (1 - mean));
    this.#raw = new Float64Array(n).fill(this.#baseline);
    this.#gradients = new Float32Array(n);
    this.#hessians = new Float32Array(n);
  }

  get done(): boolean {
    return this.#trees.length >= this.#params.maxIterations;
  }

  get iterations(): number {
    return this.#trees.length;
  }

  /** Each encoded column's bin thresholds (see fitBinThresholds). */
  get binThresholds(): readonly Float64Array[] {
    return this.#thresholds;
  }

  /** Mean train log loss before the first tree and after each tree so far. */
  get trainLoss(): readonly number[] {
    return this.#trainLoss;
  }

  /** Grows one tree; returns whether all iterations are done. */
  step(): boolean {
    if (this.done) return true;
    this.#trainLoss.push(this.#computeGradients());
    const rows = this.#rows;
    for (let i = 0; i < rows.length; i++) rows[i] = i;
    const raw = this.#raw;
    const { maxDepth, minSamplesLeaf, l2Regularization, learningRate } = this.#params;
    const tree = this.#grower.grow({
      gradients: this.#gradients,
      hessians: this.#hessians,
      params: { maxDepth, minSamplesLeaf, l2Regularization, shrinkage: learningRate },
      onLeaf: (start, end, value) => {
        for (let k = start; k < end; k++) {
          const i = rows[k] as number;
          raw[i] = (raw[i] as number) + value;
        }
      },
    });
    this.#trees.push({
      feature: tree.feature,
      threshold: tree.feature.map((f, node) =>
        f < 0 ? 0 : ((this.#thresholds[f] as Float64Array)[tree.bin[node] as number] as number),
      ),
      left: tree.left,
      right: tree.right,
      value: tree.value,
    });
    if (this.done) this.#trainLoss.push(meanLogLoss(raw, this.#labels));
    return this.done;
  }

  model(): GradientBoostingModel {
    return { baseline: this.#baseline, trees: this.#trees.map((t) => structuredClone(t)) };
  }

  /** Fills the gradients and hessians at the current predictions; returns their mean log loss. */
  #computeGradients(): number {
    const raw = this.#raw;
    const y = this.#labels;
    const g = this.#gradients;
    const h = this.#hessians;
    // The loss is −Σ log q over q = P(true label); multiplying the q's and taking one log per
    // ~1e-150 of product avoids a logarithm per row (q < 1e-100 only at |z| > 230: logged alone).
    let logSum = 0;
    let product = 1;
    for (let i = 0; i < raw.length; i++) {
      const z = raw[i] as number;
      const yi = y[i] as number;
      // sklearn's closed forms (HalfBinomialLoss), stable for either sign of z: with e = exp(−|z|),
      // p and 1 − p are 1/(1+e) and e/(1+e) in an order set by the sign. Labels are 0/1, so the
      // selections below are exact arithmetic rather than branches the data would mispredict.
      const e = Math.exp(-Math.abs(z));
      const inverse = 1 / (1 + e);
      const small = e * inverse;
      const positive = +(z > 0);
      const p = positive * inverse + (1 - positive) * small;
      const complement = positive * small + (1 - positive) * inverse;
      g[i] = (1 - yi) * p - yi * complement;
      h[i] = small * inverse;
      const q = yi * p + (1 - yi) * complement;
      if (q < 1e-100) logSum += Math.log(q);
      else {
        product *= q;
        if (product < 1e-150) {
          logSum += Math.log(product);
          product = 1;
        }
      }
    }
    return -(logSum + Math.log(product)) / raw.length;
  }
}

function meanLogLoss(raw: Float64Array, y: Float64Array): number {
  let loss = 0;
  for (let i = 0; i < raw.length; i++) {
    const z = raw[i] as number;
    loss += Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))) - (y[i] as number) * z;
  }
  return loss / raw.length;
}

function validate(matrix: EncodedMatrix, labels: Float64Array): void {
  const n = labels.length;
  if (n === 0) throw new InvalidInputError("cannot fit gradient boosting on zero rows");
  let positives = 0;
  for (let i = 0; i < n; i++) {
    const y = labels[i] as number;
    if (y !== 0 && y !== 1) throw new InvalidInputError(`labels must be 0 or 1: labels[${i}] = ${y}`);
    positives += y;
  }
  if (positives === 0 || positives === n) {
    throw new InvalidInputError(`cannot fit gradient boosting: all ${n} labels are ${positives === 0 ? 0 : 1}`);
  }
  for (const { column: j, values } of matrix.dense) {
    if (values.length !== n) throw new InvalidInputError(`feature ${j} has ${values.length} rows, labels have ${n}`);
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(values[i] as number)) {
        throw new InvalidInputError(`feature ${j} row ${i} is not a finite number: ${values[i]}`);
      }
    }
  }
  for (const { first, size, codes } of matrix.oneHot) {
    if (codes.length !== n) throw new InvalidInputError(`feature ${first} has ${codes.length} rows, labels have ${n}`);
    for (const code of codes) {
      if (code >= size) throw new InvalidInputError(`a one-hot code ${code} is outside its block of ${size}`);
    }
  }
}
