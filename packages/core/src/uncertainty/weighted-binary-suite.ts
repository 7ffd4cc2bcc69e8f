import type { ConfusionMatrix } from "../curves/confusion-matrix.ts";
import { BINARY_METRICS, type BinaryMetricName, PROBABILITY_METRICS } from "../metrics/binary-metric-names.ts";
import { probabilityMetric } from "../metrics/probability-metrics.ts";
import {
  LOG_LOSS_EPS,
  type ProbabilitySummary,
  RELIABILITY_BIN_COUNT,
  reliabilityBinOf,
} from "../metrics/probability-summary.ts";
import { thresholdMetric } from "../metrics/threshold-metrics.ts";
import { lowerBound } from "../numerics/lower-bound.ts";
import { type AucScanOrder, buildAucScanOrder, GROUP_END, LABEL } from "./bootstrap-roc-auc.ts";

// Module-local copies of the imported constants the hot loops read: an imported binding
// read per row (a live binding) made these loops 2–2.5× slower under tsx.
const LABEL_BIT = LABEL;
const GROUP_END_BIT = GROUP_END;
const BINS = RELIABILITY_BIN_COUNT;

export interface WeightedBinarySuiteOptions {
  /** 0/1 labels and finite scores, validated by the caller (and in [0, 1] when a probability metric is asked). */
  labels: Float64Array;
  scores: Float64Array;
  /** Predicted positive when score >= threshold. */
  threshold: number;
  /** The metrics `metric` will be asked for (decides which per-row columns are prepared). */
  metrics: readonly BinaryMetricName[];
}

const ONE_MINUS_EPS = 1 - LOG_LOSS_EPS;

/**
 * The whole binary suite of a weighted copy of fixed rows — row r taken `counts[r]` times,
 * as a bootstrap resample is — in O(n) per `read`, with no sort and no allocation: the
 * rows are sorted once into tie groups (`buildAucScanOrder`, the fast AUC bootstrap's
 * order), and a resample only changes the weights. Every value equals the metric on the
 * materialised resample, because duplicated rows are exact ties:
 * - roc_auc: the weighted Mann–Whitney sum of `aucFromCounts` (bit for bit while n² < 2^53);
 * - average_precision: sklearn's step sum over the distinct scores with weight, from the
 *   top, each term formed as `averagePrecisionFromSweep` forms it (bit for bit);
 * - threshold metrics: weighted confusion counts (the threshold is a tie-group boundary
 *   in the sorted order), then core's `thresholdMetric` (bit for bit);
 * - log_loss, brier_score, ece: weighted compensated sums of the per-row terms and the 15
 *   reliability bins (contiguous in score order), then core's `probabilityMetric` (equal
 *   to ~1e-16 relative: a sum of c·x is rounded differently from c additions of x).
 */
export class WeightedBinarySuite {
  private readonly rows: Int32Array;
  private readonly flags: Uint8Array;
  /** First position in score order whose score is >= threshold (n when none). */
  private readonly thresholdAt: number;
  /** counts in score order, for the probability pass. */
  private readonly weights: Int32Array;
  /** Per tie group with weighted positives: the weighted positives and negatives below it. */
  private readonly eventPositivesBelow: Int32Array;
  private readonly eventNegativesBelow: Int32Array;
  private events = 0;
  /** Per position in score order: the log_loss term, (y − p)² and p; empty without probability metrics. */
  private readonly lossTerms: Float64Array;
  private readonly squareTerms: Float64Array;
  private readonly sortedScores: Float64Array;
  /** Reliability bin b holds positions [binStarts[b], binStarts[b + 1]) of the score order. */
  private readonly binStarts = new Int32Array(RELIABILITY_BIN_COUNT + 1);
  private readonly withProbabilities: boolean;

  private positives = 0;
  private negatives = 0;
  /** Σ over tie groups of W⁺_g (W⁻_below + ½ W⁻_g): the Mann–Whitney count with ties ½. */
  private aucNumerator = 0;
  private readonly confusion: ConfusionMatrix;
  private readonly summary: ProbabilitySummary;

  constructor(options: WeightedBinarySuiteOptions) {
    primeLoops();
    const { labels, scores, threshold, metrics } = options;
    const n = labels.length;
    const order: AucScanOrder = buildAucScanOrder(labels, scores);
    this.rows = order.rows;
    this.flags = order.flags;
    const sorted = new Float64Array(n);
    for (let k = 0; k < n; k++) sorted[k] = scores[order.rows[k] as number] as number;
    this.thresholdAt = lowerBound(sorted, threshold);
    this.weights = new Int32Array(n);
    this.eventPositivesBelow = new Int32Array(n);
    this.eventNegativesBelow = new Int32Array(n);
    this.confusion = { threshold, tp: 0, fp: 0, tn: 0, fn: 0 };
    this.summary = {
      n: 0,
      logLossSum: 0,
      brierSum: 0,
      binCounts: new Float64Array(RELIABILITY_BIN_COUNT),
      binPositives: new Float64Array(RELIABILITY_BIN_COUNT),
      binScoreSums: new Float64Array(RELIABILITY_BIN_COUNT),
    };
    this.withProbabilities = metrics.some((m) => (PROBABILITY_METRICS as readonly string[]).includes(m));
    const size = this.withProbabilities ? n : 0;
    this.lossTerms = new Float64Array(size);
    this.squareTerms = new Float64Array(size);
    this.sortedScores = this.withProbabilities ? sorted : new Float64Array(0);
    if (this.withProbabilities) this.prepareProbabilities();
  }

  /** Reads the resample whose row r appears counts[r] times (counts indexed by row, as `drawCounts` fills them). */
  read(counts: Int32Array): void {
    this.gather(counts);
    this.scanRanking();
    if (this.withProbabilities) this.scanProbabilities();
  }

  /** One metric of the last resample read; NaN where it is undefined (roc_auc with one class). */
  metric(name: BinaryMetricName): number {
    switch (name) {
      case "roc_auc":
        if (this.positives === 0 || this.negatives === 0) return Number.NaN;
        return this.aucNumerator / (this.positives * this.negatives);
      case "average_precision":
        return this.averagePrecision();
      case "log_loss":
      case "brier_score":
      case "ece":
        if (!this.withProbabilities) throw new Error(`internal: ${name} was not among the metrics prepared`);
        return this.summary.n === 0 ? Number.NaN : probabilityMetric(name, this.summary);
      case "accuracy":
      case "precision":
      case "recall":
      case "f1":
      case "balanced_accuracy":
      case "mcc":
        return this.positives + this.negatives === 0 ? Number.NaN : thresholdMetric(name, this.confusion);
    }
  }

  /**
   * The counts in score order: a tight loop of independent random reads, so that many are
   * in flight at once (fused into the scan below, the same reads cost about twice as much).
   */
  private gather(counts: Int32Array): void {
    const { rows, weights } = this;
    const n = rows.length;
    for (let k = 0; k < n; k++) weights[k] = counts[rows[k] as number] as number;
  }

  /**
   * One ascending pass over the score order: the class totals, the AUC count, the
   * confusion counts at the threshold and, per tie group holding a weighted positive, the
   * weights below it (average precision's steps).
   */
  private scanRanking(): void {
    const { flags, weights, eventPositivesBelow, eventNegativesBelow, thresholdAt } = this;
    const n = weights.length;
    let positivesBelow = 0;
    let negativesBelow = 0;
    let numerator = 0;
    let groupPositives = 0;
    let groupAll = 0;
    let events = 0;
    let fn = 0;
    let tn = 0;
    for (let k = 0; k < n; k++) {
      // thresholdAt starts a tie group, so every group below it is complete here.
      if (k === thresholdAt) {
        fn = positivesBelow;
        tn = negativesBelow;
      }
      const c = weights[k] as number;
      const f = flags[k] as number;
      groupAll += c;
      groupPositives += c * (f & LABEL_BIT); // branch-free: labels come in random order
      if (f & GROUP_END_BIT) {
        const groupNegatives = groupAll - groupPositives;
        numerator += groupPositives * (negativesBelow + groupNegatives / 2);
        // Always written, kept only when the group adds to tp (branch-free as well).
        eventPositivesBelow[events] = positivesBelow;
        eventNegativesBelow[events] = negativesBelow;
        events += groupPositives > 0 ? 1 : 0;
        positivesBelow += groupPositives;
        negativesBelow += groupNegatives;
        groupPositives = 0;
        groupAll = 0;
      }
    }
    if (thresholdAt === n) {
      fn = positivesBelow;
      tn = negativesBelow;
    }
    this.positives = positivesBelow;
    this.negatives = negativesBelow;
    this.aucNumerator = numerator;
    this.events = events;
    const { confusion } = this;
    confusion.fn = fn;
    confusion.tn = tn;
    confusion.tp = positivesBelow - fn;
    confusion.fp = negativesBelow - tn;
  }

  /**
   * sklearn's AP = Σ_k (R_k − R_{k−1})·P_k over the distinct scores from the top where tp
   * grows, with R_k = tp_k/P and P_k = tp_k/(tp_k + fp_k) formed and summed (Neumaier, in
   * that order) exactly as `averagePrecisionFromSweep` does on the materialised resample.
   */
  private averagePrecision(): number {
    const { positives, negatives, eventPositivesBelow, eventNegativesBelow } = this;
    if (positives + negatives === 0) return Number.NaN;
    if (positives === 0) return 0;
    let sum = 0;
    let compensation = 0;
    let recallPrev = 0;
    for (let j = this.events - 1; j >= 0; j--) {
      const tp = positives - (eventPositivesBelow[j] as number);
      const fp = negatives - (eventNegativesBelow[j] as number);
      const recall = tp / positives;
      const x = (recall - recallPrev) * (tp / (tp + fp));
      const t = sum + x;
      compensation += Math.abs(sum) >= Math.abs(x) ? sum - t + x : x - t + sum;
      sum = t;
      recallPrev = recall;
    }
    return sum + compensation;
  }

  /**
   * Per reliability bin (a contiguous run of the score order), the weighted rows, positives
   * and Σ c·p; over all rows Σ c·(log_loss term) and Σ c·(y − p)². Neumaier sums as in
   * `summarizeProbabilities`; every addend is ≥ 0, so no Math.abs.
   */
  private scanProbabilities(): void {
    const { weights, flags, lossTerms, squareTerms, sortedScores, binStarts, summary } = this;
    const { binCounts, binPositives, binScoreSums } = summary;
    let loss = 0;
    let lossC = 0;
    let brier = 0;
    let brierC = 0;
    let total = 0;
    for (let b = 0; b < BINS; b++) {
      const end = binStarts[b + 1] as number;
      let count = 0;
      let positives = 0;
      let sum = 0;
      let sumC = 0;
      for (let k = binStarts[b] as number; k < end; k++) {
        const c = weights[k] as number;
        count += c;
        positives += c * ((flags[k] as number) & LABEL_BIT);
        const p = c * (sortedScores[k] as number);
        let t = sum + p;
        sumC += sum >= p ? sum - t + p : p - t + sum;
        sum = t;
        const l = c * (lossTerms[k] as number);
        t = loss + l;
        lossC += loss >= l ? loss - t + l : l - t + loss;
        loss = t;
        const s = c * (squareTerms[k] as number);
        t = brier + s;
        brierC += brier >= s ? brier - t + s : s - t + brier;
        brier = t;
      }
      binCounts[b] = count;
      binPositives[b] = positives;
      binScoreSums[b] = sum + sumC;
      total += count;
    }
    summary.n = total;
    summary.logLossSum = loss + lossC;
    summary.brierSum = brier + brierC;
  }

  /** The per-row terms in score order and the bins' runs (bins are monotone in the score). */
  private prepareProbabilities(): void {
    const { flags, lossTerms, squareTerms, sortedScores, binStarts } = this;
    const n = sortedScores.length;
    let bin = 0;
    binStarts[0] = 0;
    for (let k = 0; k < n; k++) {
      const p = sortedScores[k] as number;
      const label = (flags[k] as number) & LABEL_BIT;
      // A log_loss row as summarizeProbabilities forms it (its loop does not export the
      // term; the equality tests hold the two together), sklearn 1.2.1: clip to
      // [eps, 1 − eps], columns [1 − p, p], divide by the row sum, −ln of the true column.
      const clipped = Math.min(Math.max(p, LOG_LOSS_EPS), ONE_MINUS_EPS);
      const complement = 1 - clipped;
      lossTerms[k] = -Math.log((label === 1 ? clipped : complement) / (complement + clipped));
      const residual = label - p;
      squareTerms[k] = residual * residual;
      const b = reliabilityBinOf(p);
      if (b < bin) throw new Error("internal: reliability bins are not monotone in the score");
      while (bin < b) binStarts[++bin] = k;
    }
    while (bin < BINS) binStarts[++bin] = n;
  }
}

let primed = false;

/**
 * Runs every loop of the class a few times on 4 rows (microseconds, once per process).
 * Otherwise V8 compiles each loop during its first long run (on-stack replacement),
 * before the code after the loop has any type feedback; that code then deoptimises at
 * the end of every call, and each call restarts in the interpreter. Together with
 * `primeDrawCounts` this saved ~40% of a suite bootstrap at 10^5 rows (node 20).
 */
function primeLoops(): void {
  if (primed) return;
  primed = true;
  const suite = new WeightedBinarySuite({
    labels: Float64Array.of(0, 1, 0, 1),
    scores: Float64Array.of(0.1, 0.9, 0.6, 0.4),
    threshold: 0.5,
    metrics: BINARY_METRICS,
  });
  const counts = Int32Array.of(1, 2, 0, 1);
  for (let i = 0; i < 12; i++) {
    suite.read(counts);
    for (const metric of BINARY_METRICS) suite.metric(metric);
  }
}

/** First index whose value is not < x (-0 and +0 equal, like >=). */
