import { createRng, type Rng } from "../../random/create-rng.ts";
import { Ladder } from "../ladder.ts";
import { Thresholdout, type ThresholdoutOptions } from "../thresholdout.ts";

/**
 * The two classic adaptive-overfitting attacks on a reused holdout, on data whose labels
 * are pure noise (every classifier's true accuracy is exactly ½), for simulation tests.
 */

/** n rows × d ±1 features (column-major) and ±1 labels, all independent fair coins. */
interface NoiseData {
  features: Int8Array;
  labels: Int8Array;
}

function noiseData(rng: Rng, n: number, d: number): NoiseData {
  const features = new Int8Array(n * d);
  const labels = new Int8Array(n);
  fillSigns(rng, features);
  fillSigns(rng, labels);
  return { features, labels };
}

function fillSigns(rng: Rng, out: Int8Array): void {
  for (let i = 0; i < out.length; i += 32) {
    const bits = rng.nextUint32();
    const end = Math.min(32, out.length - i);
    for (let b = 0; b < end; b++) out[i + b] = (bits >>> b) & 1 ? 1 : -1;
  }
}

/** Mean over rows of x_j·y: feature j's correlation with the label. */
function correlation(data: NoiseData, n: number, j: number): number {
  let sum = 0;
  const base = j * n;
  for (let i = 0; i < n; i++) sum += (data.features[base + i] as number) * (data.labels[i] as number);
  return sum / n;
}

export interface FeatureSelectionAttackOptions {
  /** Rows in each of training, holdout and fresh data. */
  n: number;
  /** Candidate features; each is one query. */
  d: number;
  /** Numbers of features k for which the aggregated classifier is scored (one query each). */
  ks: number[];
  seed: number;
  thresholdout: Omit<ThresholdoutOptions, "seed">;
}

export interface AttackPoint {
  k: number;
  training: number;
  /** What the plain holdout reports (its exact accuracy, when the analyst selected with it). */
  plainHoldout: number;
  /** What Thresholdout reports when the analyst selected with it; null when refused. */
  thresholdoutReported: number | null;
  /** True accuracies on fresh rows of the two selected classifiers (≈ ½). */
  freshPlain: number;
  freshThresholdout: number;
}

export interface FeatureSelectionAttackResult {
  points: AttackPoint[];
  queries: number;
  holdoutAnswers: number;
  refused: number;
}

/**
 * Dwork et al. (Science 2015, supplementary demo): keep the features whose correlation
 * with the label exceeds 1/√n in the same direction on the training rows and in the
 * holdout's answer, order them by |training correlation|, and classify with the sign of
 * the sum of the top k (each with the sign of its correlation). With a plain holdout
 * the analyst selects on the holdout's exact answers; with Thresholdout on its answers.
 */
export function featureSelectionAttack(options: FeatureSelectionAttackOptions): FeatureSelectionAttackResult {
  const { n, d, ks, seed } = options;
  const rng = createRng(seed);
  const training = noiseData(rng, n, d);
  const holdout = noiseData(rng, n, d);
  const fresh = noiseData(rng, n, d);
  const mechanism = new Thresholdout({ ...options.thresholdout, seed: seed + 1 });
  const cut = 1 / Math.sqrt(n);

  const trainCorr = new Float64Array(d);
  const plainAnswer = new Float64Array(d);
  const mechanismAnswer = new Float64Array(d);
  let refused = 0;
  for (let j = 0; j < d; j++) {
    trainCorr[j] = correlation(training, n, j);
    plainAnswer[j] = correlation(holdout, n, j);
    const answer = mechanism.query({ training: trainCorr[j] as number, holdout: plainAnswer[j] as number });
    if (answer.status === "refused") refused++;
    mechanismAnswer[j] = answer.status === "answered" ? answer.value : 0;
  }
  const plainOrder = selectFeatures(trainCorr, plainAnswer, cut);
  const mechanismOrder = selectFeatures(trainCorr, mechanismAnswer, cut);

  const points: AttackPoint[] = [];
  for (const k of ks) {
    const plainWeights = topWeights(plainOrder, trainCorr, k);
    const mechanismWeights = topWeights(mechanismOrder, trainCorr, k);
    const trainingAccuracy = accuracyOf(training, n, mechanismWeights);
    const holdoutAccuracy = accuracyOf(holdout, n, mechanismWeights);
    const answer = mechanism.query({ training: trainingAccuracy, holdout: holdoutAccuracy });
    if (answer.status === "refused") refused++;
    points.push({
      k,
      training: trainingAccuracy,
      plainHoldout: accuracyOf(holdout, n, plainWeights),
      thresholdoutReported: answer.status === "answered" ? answer.value : null,
      freshPlain: accuracyOf(fresh, n, plainWeights),
      freshThresholdout: accuracyOf(fresh, n, mechanismWeights),
    });
  }
  const report = mechanism.state();
  return { points, queries: report.queries, holdoutAnswers: report.holdoutAnswers, refused };
}

/** Features passing the same-sign test on both answers, by |training correlation| descending. */
function selectFeatures(trainCorr: Float64Array, holdoutAnswer: Float64Array, cut: number): number[] {
  const selected: number[] = [];
  for (let j = 0; j < trainCorr.length; j++) {
    const t = trainCorr[j] as number;
    const h = holdoutAnswer[j] as number;
    if ((t > cut && h > cut) || (t < -cut && h < -cut)) selected.push(j);
  }
  return selected.sort((a, b) => Math.abs(trainCorr[b] as number) - Math.abs(trainCorr[a] as number) || a - b);
}

function topWeights(order: number[], trainCorr: Float64Array, k: number): Map<number, number> {
  const weights = new Map<number, number>();
  for (const j of order.slice(0, k)) weights.set(j, Math.sign(trainCorr[j] as number));
  return weights;
}

/** Accuracy of sign(Σ w_j x_j) (a score of 0 predicts +1). */
function accuracyOf(data: NoiseData, n: number, weights: Map<number, number>): number {
  const score = new Float64Array(n);
  for (const [j, w] of weights) {
    const base = j * n;
    for (let i = 0; i < n; i++) score[i] = (score[i] as number) + w * (data.features[base + i] as number);
  }
  let correct = 0;
  for (let i = 0; i < n; i++) {
    const predicted = (score[i] as number) >= 0 ? 1 : -1;
    if (predicted === data.labels[i]) correct++;
  }
  return correct / n;
}

export interface BoostingAttackOptions {
  /** Holdout rows (0/1 labels, fair coins). */
  n: number;
  /** Random submissions probed before the boosted one. */
  submissions: number;
  seed: number;
}

export interface BoostingAttackResult {
  /** Error of the boosted submission as a plain leaderboard (exact holdout error) reports it. */
  plainReported: number;
  /** The Ladder's released score after the boosted submission. */
  ladderReported: number;
  /** True errors of the two boosted submissions on fresh labels (≈ ½). */
  freshPlain: number;
  freshLadder: number;
  /** Submissions the Ladder accepted (its released score moved). */
  ladderAccepted: number;
}

/**
 * Blum & Hardt's boosting attack (`Ladder.jl` examples/attacks.jl): submit random 0/1
 * label vectors; keep those the leaderboard scores below ½ error (plain) or that moved
 * the Ladder's released score; submit their per-row majority vote.
 */
export function boostingAttack(options: BoostingAttackOptions): BoostingAttackResult {
  const { n, submissions, seed } = options;
  const rng = createRng(seed);
  const labels = randomBits(rng, n);
  const freshLabels = randomBits(rng, n);
  const ladder = new Ladder();
  const plainVotes = new Int32Array(n);
  const ladderVotes = new Int32Array(n);
  let plainKept = 0;
  let ladderKept = 0;
  let previous = Number.POSITIVE_INFINITY;
  for (let t = 0; t < submissions; t++) {
    const guess = randomBits(rng, n);
    const losses = zeroOneLosses(labels, guess);
    const plain = meanOf(losses);
    const answer = ladder.submit(losses);
    if (answer.status !== "answered") throw new Error("unbudgeted Ladder refused");
    if (plain < 0.5) {
      plainKept++;
      for (let i = 0; i < n; i++) plainVotes[i] = (plainVotes[i] as number) + (guess[i] as number);
    }
    if (answer.score < previous && (t > 0 || answer.score < 0.5)) {
      ladderKept++;
      for (let i = 0; i < n; i++) ladderVotes[i] = (ladderVotes[i] as number) + (guess[i] as number);
    }
    previous = answer.score;
  }
  const plainBoosted = majority(plainVotes, plainKept);
  const ladderBoosted = majority(ladderVotes, ladderKept);
  const plainReported = meanOf(zeroOneLosses(labels, plainBoosted));
  const final = ladder.submit(zeroOneLosses(labels, ladderBoosted));
  if (final.status !== "answered") throw new Error("unbudgeted Ladder refused");
  return {
    plainReported,
    ladderReported: final.score,
    freshPlain: meanOf(zeroOneLosses(freshLabels, plainBoosted)),
    freshLadder: meanOf(zeroOneLosses(freshLabels, ladderBoosted)),
    ladderAccepted: ladder.state().accepted,
  };
}

function randomBits(rng: Rng, n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i += 32) {
    const bits = rng.nextUint32();
    const end = Math.min(32, n - i);
    for (let b = 0; b < end; b++) out[i + b] = (bits >>> b) & 1;
  }
  return out;
}

function zeroOneLosses(labels: Uint8Array, guess: Uint8Array): Float64Array {
  const out = new Float64Array(labels.length);
  for (let i = 0; i < labels.length; i++) out[i] = labels[i] === guess[i] ? 0 : 1;
  return out;
}

function majority(votes: Int32Array, kept: number): Uint8Array {
  const out = new Uint8Array(votes.length);
  for (let i = 0; i < votes.length; i++) out[i] = 2 * (votes[i] as number) >= kept ? 1 : 0;
  return out;
}

function meanOf(values: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i] as number;
  return sum / values.length;
}
