import { InvalidInputError } from "../errors/invalid-input-error.ts";
import type { EncodedMatrix } from "./encoded-matrix.ts";
import type { BoostedTree, GradientBoostingModel } from "./gradient-boosting.ts";
import { sigmoid } from "./predict-logistic-regression.ts";

// Rows predicted together: their features, copied row-major, stay in cache across all trees.
const PREDICT_BLOCK = 256;

/** P(y = 1) of every row of the encoded features. */
export function predictGradientBoosting(model: GradientBoostingModel, matrix: EncodedMatrix): Float64Array {
  const width = matrix.width;
  const forest = flattenTrees(model.trees, width);
  const n = matrix.rows;
  const out = new Float64Array(n);
  const block = new Float64Array(PREDICT_BLOCK * width);
  const { roots, feature, threshold, left, value } = forest;
  for (let start = 0; start < n; start += PREDICT_BLOCK) {
    const m = Math.min(PREDICT_BLOCK, n - start);
    for (const { column, values } of matrix.dense) {
      for (let k = 0; k < m; k++) block[k * width + column] = values[start + k] as number;
    }
    for (const { first, size, codes } of matrix.oneHot) {
      for (let k = 0; k < m; k++) {
        const base = k * width + first;
        block.fill(0, base, base + size);
        block[base + (codes[start + k] as number)] = 1;
      }
    }
    for (let k = 0; k < m; k++) {
      const base = k * width;
      let raw = model.baseline;
      for (let t = 0; t < roots.length; t++) {
        let node = roots[t] as number;
        let f = feature[node] as number;
        while (f >= 0) {
          // Children are adjacent: step to left + (x > threshold), without a branch to mispredict.
          node = (left[node] as number) + +((block[base + f] as number) > (threshold[node] as number));
          f = feature[node] as number;
        }
        raw += value[node] as number;
      }
      out[start + k] = sigmoid(raw);
    }
  }
  return out;
}

/** All trees in one set of typed arrays (node indices made global), checked for prediction. */
function flattenTrees(trees: readonly BoostedTree[], width: number) {
  const total = trees.reduce((sum, t) => sum + t.feature.length, 0);
  const roots = new Int32Array(trees.length);
  const feature = new Int32Array(total);
  const threshold = new Float64Array(total);
  const left = new Int32Array(total);
  const value = new Float64Array(total);
  let offset = 0;
  trees.forEach((tree, t) => {
    roots[t] = offset;
    tree.feature.forEach((f, node) => {
      if (f >= width) throw new InvalidInputError(`the model uses feature ${f}, got ${width} features`);
      const l = tree.left[node] as number;
      if (f >= 0 && (tree.right[node] !== l + 1 || l <= node || l + 1 >= tree.feature.length)) {
        throw new InvalidInputError(
          "a tree's children must follow their parent, the right one directly after the left",
        );
      }
      feature[offset + node] = f;
      threshold[offset + node] = tree.threshold[node] as number;
      left[offset + node] = f >= 0 ? offset + l : -1;
      value[offset + node] = tree.value[node] as number;
    });
    offset += tree.feature.length;
  });
  return { roots, feature, threshold, left, value };
}
