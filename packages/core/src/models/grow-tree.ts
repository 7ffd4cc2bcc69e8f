import { accumulateHistogram, EMPTY_BINS, HISTOGRAM_STRIDE as STRIDE } from "./accumulate-histogram.ts";
import type { OneHotBlock } from "./encoded-matrix.ts";

// As sklearn: a child needs this much hessian, and leaf values divide by H + λ + 1e-15.
const MIN_HESSIAN_TO_SPLIT = 1e-3;
const VALUE_EPSILON = 1e-15;

export interface TreeGrowthParams {
  /** Edges from the root to the deepest leaf (sklearn's `max_depth`). */
  maxDepth: number;
  minSamplesLeaf: number;
  /** λ, added to the hessian sum of every leaf value and split gain. */
  l2Regularization: number;
  /** Leaf values are multiplied by this (the learning rate). */
  shrinkage: number;
}

/** A regression tree on binned features, as parallel arrays (index 0 is the root; feature −1 marks a leaf). */
export interface BinnedTree {
  feature: number[];
  /** Rows with bin ≤ this go left. */
  bin: number[];
  left: number[];
  right: number[];
  /** Shrunk leaf value (0 on split nodes). */
  value: number[];
}

/** The train rows binned: dense columns as bin indices, one-hot blocks as codes (bin 1 where code = member). */
export interface BinnedMatrix {
  rows: number;
  width: number;
  dense: { column: number; bins: Uint8Array }[];
  oneHot: OneHotBlock[];
  /** Bins of each encoded column (thresholds + 1): a column with 1 bin cannot be split. */
  binCounts: readonly number[];
}

/** Per feature and bin, interleaved: [Σ gradients, Σ hessians, row count] (STRIDE bins per feature). */
type Histogram = Float64Array;

interface NodeStats {
  start: number;
  end: number;
  depth: number;
  sumGradients: number;
  sumHessians: number;
  /** The node's own (unshrunk) value, −G/(H + λ); 0 for the root, as sklearn. */
  value: number;
}

/**
 * Grows one tree of sklearn's `HistGradientBoostingClassifier` (1.2.1) grower on binned
 * features, with gradients and hessians in float32 as sklearn keeps them:
 *
 * - a node is split at the (feature, bin) of largest gain
 *   G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ) (the last term is 0 at the root), scanning features
 *   then bins in order and keeping the first maximum; both children need ≥ minSamplesLeaf rows
 *   and ≥ 1e-3 hessian, and the gain must be > 0;
 * - nodes at depth maxDepth, or with fewer than 2·minSamplesLeaf rows, are leaves; a leaf's
 *   value is −shrinkage·G/(H + λ), except a root that cannot split, which gets 0 (sklearn);
 * - without a leaf-count limit, depth-first growth makes exactly the splits sklearn's
 *   best-first growth makes;
 * - each split builds the histogram of its smaller child and subtracts it from the parent's.
 *
 * A split node's children are adjacent (right = left + 1), so prediction can step to
 * `left + (x > threshold)` without a branch.
 *
 * `rows` must hold 0…n−1 on entry; on return every leaf's rows are contiguous in it and
 * `onLeaf(start, end, value)` has been called for each leaf, so the caller can update its
 * predictions without walking the tree.
 */
export class TreeGrower {
  readonly #matrix: BinnedMatrix;
  /** How to tell a row's side at a split on each encoded column: its bins, or its block's code. */
  readonly #owner: ({ bins: Uint8Array } | { codes: Uint8Array; code: number })[];
  readonly #rows: Uint32Array;
  readonly #scratch: Uint32Array;
  readonly #orderedGradients: Float32Array;
  readonly #orderedHessians: Float32Array;
  #gradients: Float32Array = new Float32Array(0);
  #hessians: Float32Array = new Float32Array(0);
  #params: TreeGrowthParams = { maxDepth: 1, minSamplesLeaf: 1, l2Regularization: 0, shrinkage: 1 };
  #tree: BinnedTree = emptyTree();
  #onLeaf: (start: number, end: number, value: number) => void = () => {};

  /** `rows` is scratch of length `matrix.rows`. */
  constructor(matrix: BinnedMatrix, rows: Uint32Array) {
    this.#matrix = matrix;
    this.#owner = new Array(matrix.width);
    for (const { column, bins } of matrix.dense) this.#owner[column] = { bins };
    for (const { first, size, codes } of matrix.oneHot) {
      for (let j = 0; j < size; j++) this.#owner[first + j] = { codes, code: j };
    }
    this.#rows = rows;
    this.#scratch = new Uint32Array(rows.length);
    this.#orderedGradients = new Float32Array(rows.length);
    this.#orderedHessians = new Float32Array(rows.length);
  }

  grow(input: {
    gradients: Float32Array;
    hessians: Float32Array;
    params: TreeGrowthParams;
    onLeaf: (start: number, end: number, value: number) => void;
  }): BinnedTree {
    this.#gradients = input.gradients;
    this.#hessians = input.hessians;
    this.#params = input.params;
    this.#onLeaf = input.onLeaf;
    this.#tree = emptyTree();
    const n = this.#rows.length;
    let sumGradients = 0;
    let sumHessians = 0;
    for (let i = 0; i < n; i++) {
      sumGradients += input.gradients[i] as number;
      sumHessians += input.hessians[i] as number;
    }
    const root: NodeStats = { start: 0, end: n, depth: 0, sumGradients, sumHessians, value: 0 };
    const splittable = n >= 2 * this.#params.minSamplesLeaf && sumHessians >= MIN_HESSIAN_TO_SPLIT;
    this.#grow(root, this.#addNodes(1), splittable ? this.#histogram(root) : null);
    return this.#tree;
  }

  /** Fills node `index` (and its subtree) from `node`; a null histogram makes it a leaf. */
  #grow(node: NodeStats, index: number, histogram: Histogram | null): void {
    const split = histogram ? this.#bestSplit(node, histogram) : null;
    if (!split || !histogram) {
      const value = node.depth === 0 ? 0 : node.value * this.#params.shrinkage;
      this.#tree.value[index] = value;
      this.#onLeaf(node.start, node.end, value);
      return;
    }
    const middle = this.#partition(node.start, node.end, split.feature, split.bin);
    const { l2Regularization: l2, maxDepth, minSamplesLeaf } = this.#params;
    const depth = node.depth + 1;
    const rightGradients = node.sumGradients - split.gradients;
    const rightHessians = node.sumHessians - split.hessians;
    const leftNode: NodeStats = {
      start: node.start,
      end: middle,
      depth,
      sumGradients: split.gradients,
      sumHessians: split.hessians,
      value: leafValue(split.gradients, split.hessians, l2),
    };
    const rightNode: NodeStats = {
      start: middle,
      end: node.end,
      depth,
      sumGradients: rightGradients,
      sumHessians: rightHessians,
      value: leafValue(rightGradients, rightHessians, l2),
    };
    const canSplit = (child: NodeStats) => depth < maxDepth && child.end - child.start >= 2 * minSamplesLeaf;
    let leftHistogram: Histogram | null = null;
    let rightHistogram: Histogram | null = null;
    if (canSplit(leftNode) || canSplit(rightNode)) {
      // Build the smaller child's histogram from its rows; the larger one is the parent's minus it.
      const leftIsSmaller = middle - node.start < node.end - middle;
      const small = this.#histogram(leftIsSmaller ? leftNode : rightNode);
      for (let k = 0; k < histogram.length; k++) histogram[k] = (histogram[k] as number) - (small[k] as number);
      leftHistogram = leftIsSmaller ? small : histogram;
      rightHistogram = leftIsSmaller ? histogram : small;
    }
    const left = this.#addNodes(2);
    const tree = this.#tree;
    tree.feature[index] = split.feature;
    tree.bin[index] = split.bin;
    tree.left[index] = left;
    tree.right[index] = left + 1;
    this.#grow(leftNode, left, canSplit(leftNode) ? leftHistogram : null);
    this.#grow(rightNode, left + 1, canSplit(rightNode) ? rightHistogram : null);
  }

  /** Appends `count` leaf nodes; returns the first one's index. */
  #addNodes(count: number): number {
    const tree = this.#tree;
    const first = tree.feature.length;
    for (let k = 0; k < count; k++) {
      tree.feature.push(-1);
      tree.bin.push(0);
      tree.left.push(-1);
      tree.right.push(-1);
      tree.value.push(0);
    }
    return first;
  }

  /** The node's histogram; a one-hot member's bin 0 is the node's total minus its bin 1. */
  #histogram(node: NodeStats): Histogram {
    const { start, end } = node;
    const { width, dense, oneHot } = this.#matrix;
    const histogram = new Float64Array(width * STRIDE * 3);
    const rows = this.#rows;
    const m = end - start;
    // The root's rows are 0…n−1 in order: read gradients and bins directly.
    const identity = start === 0 && end === rows.length;
    let og: Float32Array = this.#gradients;
    let oh: Float32Array = this.#hessians;
    if (!identity) {
      // Gather the node's gradients once, in row order, so each feature's pass reads them sequentially.
      og = this.#orderedGradients;
      oh = this.#orderedHessians;
      const g = this.#gradients;
      const h = this.#hessians;
      for (let k = 0; k < m; k++) {
        const i = rows[start + k] as number;
        og[k] = g[i] as number;
        oh[k] = h[i] as number;
      }
    }
    const index = identity ? null : rows.subarray(start, end);
    const at = (k: number) => (dense[k] ? (dense[k] as { column: number }).column * STRIDE * 3 : 0);
    for (let k = 0; k < dense.length; k += 4) {
      accumulateHistogram(histogram, {
        columns: [
          (dense[k] as { bins: Uint8Array }).bins,
          dense[k + 1]?.bins ?? EMPTY_BINS,
          dense[k + 2]?.bins ?? EMPTY_BINS,
          dense[k + 3]?.bins ?? EMPTY_BINS,
        ],
        offsets: [at(k), at(k + 1), at(k + 2), at(k + 3)],
        count: Math.min(4, dense.length - k),
        gradients: og,
        hessians: oh,
        rows: index,
        length: m,
      });
    }
    for (const { first, size, codes } of oneHot) {
      const byCode = new Float64Array(size * 3);
      for (let k = 0; k < m; k++) {
        const c = (codes[index ? (index[k] as number) : k] as number) * 3;
        byCode[c] = (byCode[c] as number) + (og[k] as number);
        byCode[c + 1] = (byCode[c + 1] as number) + (oh[k] as number);
        byCode[c + 2] = (byCode[c + 2] as number) + 1;
      }
      for (let j = 0; j < size; j++) {
        const base = (first + j) * STRIDE * 3;
        const g = byCode[j * 3] as number;
        const h = byCode[j * 3 + 1] as number;
        const count = byCode[j * 3 + 2] as number;
        histogram[base] = node.sumGradients - g;
        histogram[base + 1] = node.sumHessians - h;
        histogram[base + 2] = m - count;
        histogram[base + 3] = g;
        histogram[base + 4] = h;
        histogram[base + 5] = count;
      }
    }
    return histogram;
  }

  #bestSplit(node: NodeStats, histogram: Histogram) {
    const { l2Regularization: l2, minSamplesLeaf } = this.#params;
    const { sumGradients: G, sumHessians: H } = node;
    const n = node.end - node.start;
    // sklearn's gain is loss(parent) − loss(left) − loss(right) with loss(v) = G·v at the node's value v.
    const parentLoss = G * node.value;
    let best: { feature: number; bin: number; gradients: number; hessians: number } | null = null;
    let bestGain = 0;
    for (let f = 0; f < this.#matrix.width; f++) {
      const offset = f * STRIDE;
      const last = (this.#matrix.binCounts[f] as number) - 1;
      let countLeft = 0;
      let gradientsLeft = 0;
      let hessiansLeft = 0;
      for (let b = 0; b < last; b++) {
        const at = (offset + b) * 3;
        gradientsLeft += histogram[at] as number;
        hessiansLeft += histogram[at + 1] as number;
        countLeft += histogram[at + 2] as number;
        if (countLeft < minSamplesLeaf) continue;
        if (n - countLeft < minSamplesLeaf) break;
        if (hessiansLeft < MIN_HESSIAN_TO_SPLIT) continue;
        const hessiansRight = H - hessiansLeft;
        if (hessiansRight < MIN_HESSIAN_TO_SPLIT) break;
        const gradientsRight = G - gradientsLeft;
        const gain =
          parentLoss -
          gradientsLeft * leafValue(gradientsLeft, hessiansLeft, l2) -
          gradientsRight * leafValue(gradientsRight, hessiansRight, l2);
        if (gain > bestGain) {
          bestGain = gain;
          best = { feature: f, bin: b, gradients: gradientsLeft, hessians: hessiansLeft };
        }
      }
    }
    return best;
  }

  /** Stable partition of rows[start, end) into bin ≤ `bin` then the rest; returns the first right index. */
  #partition(start: number, end: number, feature: number, bin: number): number {
    const owner = this.#owner[feature] as { bins: Uint8Array } | { codes: Uint8Array; code: number };
    const rows = this.#rows;
    const scratch = this.#scratch;
    let left = start;
    let right = 0;
    // Branch-free: the side is as unpredictable as the data, so write both and advance one.
    if ("bins" in owner) {
      const column = owner.bins;
      for (let k = start; k < end; k++) {
        const i = rows[k] as number;
        const goesLeft = +((column[i] as number) <= bin);
        rows[left] = i;
        scratch[right] = i;
        left += goesLeft;
        right += 1 - goesLeft;
      }
    } else {
      // A one-hot member has bins 0 and 1 and splits at 0: its own category goes right.
      const { codes, code } = owner;
      for (let k = start; k < end; k++) {
        const i = rows[k] as number;
        const goesLeft = +((codes[i] as number) !== code);
        rows[left] = i;
        scratch[right] = i;
        left += goesLeft;
        right += 1 - goesLeft;
      }
    }
    rows.set(scratch.subarray(0, right), left);
    return left;
  }
}

function leafValue(gradients: number, hessians: number, l2: number): number {
  return -gradients / (hessians + l2 + VALUE_EPSILON);
}

function emptyTree(): BinnedTree {
  return { feature: [], bin: [], left: [], right: [], value: [] };
}
