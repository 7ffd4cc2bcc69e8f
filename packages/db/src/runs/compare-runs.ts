import {
  type BinaryMetricName,
  canonicalJson,
  InvalidInputError,
  isBinaryMetricName,
  METRIC_DIRECTION,
  type MetricDirection,
  MetricUndefinedError,
  type PairedComparisonResult,
  pairedComparison,
} from "@fieldtest/core";
import type { Db } from "../client.ts";
import { AppError, badInput } from "../errors.ts";
import { Prisma } from "../generated/prisma/client.ts";
import type { BlobStorage } from "../storage/storage.ts";
import type { ScoresResult, StoredMetric } from "./run-results.ts";
import { loadRunScores, type RunScores } from "./run-scores.ts";

/** One run as a column of the comparison: who, what, and how to reproduce it. */
export interface CompareRunColumn {
  id: string;
  kind: string;
  status: string;
  createdAt: Date;
  finishedAt: Date | null;
  seed: number;
  datasetHash: string;
  configHash: string;
  codeVersion: string;
  modelVersion: { id: string; version: string; model: { id: string; name: string } };
  benchmark: { id: string; name: string; version: number } | null;
  /** The run's metrics on its test rows (slice ""), each with its interval and n. */
  metrics: StoredMetric[];
  /** Whether the run stored per-row scores (runs from before they were stored have none). */
  hasScores: boolean;
}

/** One metric of both runs, each with its own interval (no test: the side-by-side view). */
export interface SideBySideMetric {
  metric: string;
  direction: MetricDirection | null;
  a: StoredMetric | null;
  b: StoredMetric | null;
  /** b − a of the point values; null when either is missing. */
  difference: number | null;
}

/** One leaf of the frozen configs (dotted path), as canonical JSON, for the "differences only" view. */
export interface ConfigRow {
  key: string;
  a: string | null;
  b: string | null;
  same: boolean;
}

export interface CompareRunsResult {
  a: CompareRunColumn;
  b: CompareRunColumn;
  metrics: SideBySideMetric[];
  config: ConfigRow[];
  /** The paired test on the shared rows (B − A); null when the runs cannot be paired. */
  paired: PairedComparisonResult | null;
  /** Why there is no paired test (then compare the side-by-side intervals); null when paired. */
  unpairedReason: string | null;
}

const runSelect = {
  id: true,
  teamId: true,
  kind: true,
  status: true,
  createdAt: true,
  finishedAt: true,
  seed: true,
  datasetHash: true,
  configHash: true,
  codeVersion: true,
  config: true,
  benchmarkId: true,
  benchmark: { select: { id: true, name: true, version: true } },
  modelVersion: { select: { id: true, version: true, model: { select: { id: true, name: true } } } },
  metricValues: {
    where: { slice: "" },
    orderBy: { metric: "asc" as const },
    select: { metric: true, value: true, lower: true, upper: true, level: true, n: true },
  },
  results: { where: { kind: "scores" as const }, select: { data: true } },
} as const;

export interface CompareRunsInput {
  db: Db;
  storage: BlobStorage;
  /** The viewer's teams: a run of another team is NOT_FOUND, like every other query. */
  teamIds: readonly string[];
  runIdA: string;
  runIdB: string;
}

/**
 * Compares two succeeded runs of the viewer's teams side by side, and — when both ran the same
 * benchmark version with the same split, so they scored the same test rows — with the paired
 * test of core's `pairedComparison` on those rows (joined by row id; B − A). When they cannot
 * be paired, `unpairedReason` says why and only the side-by-side intervals remain.
 */
export async function compareRuns(input: CompareRunsInput): Promise<CompareRunsResult> {
  const { db, teamIds } = input;
  if (input.runIdA === input.runIdB) throw badInput("runIdB", "Pick two different runs to compare");
  const [a, b] = await Promise.all(
    [input.runIdA, input.runIdB].map((id) =>
      db.evaluationRun.findFirst({ where: { id, teamId: { in: [...teamIds] } }, select: runSelect }),
    ),
  );
  if (!a) throw new AppError("NOT_FOUND", "Run not found", { field: "runIdA" });
  if (!b) throw new AppError("NOT_FOUND", "Run not found", { field: "runIdB" });
  for (const [run, field] of [
    [a, "runIdA"],
    [b, "runIdB"],
  ] as const) {
    if (run.status !== "succeeded") {
      throw badInput(field, `Run ${run.id.slice(0, 8)} is ${run.status}; only succeeded runs can be compared`);
    }
  }
  const result: CompareRunsResult = {
    a: column(a),
    b: column(b),
    metrics: sideBySide(a.metricValues, b.metricValues),
    config: configRows(a.config, b.config),
    paired: null,
    unpairedReason: null,
  };
  return { ...result, ...(await pairedOutcomeOf(db, input.storage, a, b)) };
}

/** The paired test of two runs (B − A), or why there is none. */
export interface PairedOutcome {
  paired: PairedComparisonResult | null;
  unpairedReason: string | null;
}

/**
 * The paired outcome of two loaded runs: read from run_comparison, else computed (it resamples
 * every shared row, so it is done once) and stored. Both runs and their scores are immutable,
 * so a stored outcome never goes stale; two callers racing store it once.
 */
async function pairedOutcomeOf(db: Db, storage: BlobStorage, a: LoadedRun, b: LoadedRun): Promise<PairedOutcome> {
  const stored = await storedComparison(db, a.id, b.id);
  if (stored) return stored;
  const outcome = await computePairedOutcome(storage, a, b);
  await db.runComparison.createMany({
    data: [
      {
        teamId: a.teamId,
        runAId: a.id,
        runBId: b.id,
        paired: outcome.paired === null ? Prisma.DbNull : (outcome.paired as unknown as Prisma.InputJsonValue),
        unpairedReason: outcome.unpairedReason,
      },
    ],
    skipDuplicates: true,
  });
  return outcome;
}

/** A stored paired outcome of runs A and B (in that order), or null when none was computed yet. */
export async function storedComparison(
  db: Pick<Db, "runComparison">,
  runIdA: string,
  runIdB: string,
): Promise<PairedOutcome | null> {
  const row = await db.runComparison.findUnique({ where: { runAId_runBId: { runAId: runIdA, runBId: runIdB } } });
  if (!row) return null;
  return { paired: row.paired as unknown as PairedComparisonResult | null, unpairedReason: row.unpairedReason };
}

/**
 * Computes and stores the paired comparison of two succeeded runs by id (no team check: the
 * worker's own step after a run). Null when either run is missing or not succeeded.
 */
export async function comparePairOfRuns(input: {
  db: Db;
  storage: BlobStorage;
  runIdA: string;
  runIdB: string;
}): Promise<PairedOutcome | null> {
  const [a, b] = await Promise.all(
    [input.runIdA, input.runIdB].map((id) => input.db.evaluationRun.findUnique({ where: { id }, select: runSelect })),
  );
  if (!a || !b || a.status !== "succeeded" || b.status !== "succeeded") return null;
  return pairedOutcomeOf(input.db, input.storage, a, b);
}

async function computePairedOutcome(storage: BlobStorage, a: LoadedRun, b: LoadedRun): Promise<PairedOutcome> {
  const refusal = pairingRefusal(a, b);
  if (refusal) return { paired: null, unpairedReason: refusal };

  const [scoresA, scoresB] = await Promise.all(
    [a, b].map((run) => loadRunScores(storage, run.results[0]?.data as unknown as ScoresResult)),
  );
  const joined = joinByRowId(scoresA as RunScores, scoresB as RunScores);
  if ("reason" in joined) return { paired: null, unpairedReason: joined.reason };

  const protocol = protocolOf(a.config);
  try {
    const paired = pairedComparison({
      labels: joined.labels,
      scoresA: joined.scoresA,
      scoresB: joined.scoresB,
      metrics: protocol.metrics,
      threshold: protocol.threshold,
      level: protocol.level,
      resamples: protocol.resamples,
    });
    return { paired, unpairedReason: null };
  } catch (error) {
    if (error instanceof MetricUndefinedError || error instanceof InvalidInputError) {
      return {
        paired: null,
        unpairedReason: `No paired test on the ${joined.labels.length} shared rows: ${error.message}`,
      };
    }
    throw error;
  }
}

export interface CompareVersionsInput {
  db: Db;
  storage: BlobStorage;
  teamIds: readonly string[];
  versionIdA: string;
  versionIdB: string;
}

/**
 * Compares two model versions of the viewer's teams by their benchmark evidence: on the most
 * recent benchmark version (newest Benchmark row) that BOTH have a succeeded run of, each
 * version's latest succeeded run there, compared with `compareRuns`. No shared benchmark
 * version is a BAD_INPUT error that says so.
 */
export async function compareVersions(
  input: CompareVersionsInput,
): Promise<CompareRunsResult & { benchmark: { id: string; name: string; version: number } }> {
  const { db, teamIds, versionIdA, versionIdB } = input;
  if (versionIdA === versionIdB) throw badInput("versionIdB", "Pick two different versions to compare");
  const found = await db.modelVersion.findMany({
    where: { id: { in: [versionIdA, versionIdB] }, model: { teamId: { in: [...teamIds] } } },
    select: { id: true, version: true },
  });
  const versionA = found.find((v) => v.id === versionIdA);
  const versionB = found.find((v) => v.id === versionIdB);
  if (!versionA) throw new AppError("NOT_FOUND", "Model version not found", { field: "versionIdA" });
  if (!versionB) throw new AppError("NOT_FOUND", "Model version not found", { field: "versionIdB" });

  const runs = await db.evaluationRun.findMany({
    where: {
      modelVersionId: { in: [versionIdA, versionIdB] },
      teamId: { in: [...teamIds] },
      kind: "benchmark",
      status: "succeeded",
      benchmarkId: { not: null },
    },
    select: {
      id: true,
      modelVersionId: true,
      finishedAt: true,
      createdAt: true,
      benchmark: { select: { id: true, name: true, version: true, createdAt: true } },
    },
    orderBy: [{ finishedAt: "desc" }, { createdAt: "desc" }, { id: "desc" }],
  });
  // Latest run per (version, benchmark version): the list is newest first.
  const latest = new Map<string, (typeof runs)[number]>();
  for (const run of runs) {
    const key = `${run.modelVersionId}/${run.benchmark?.id}`;
    if (!latest.has(key)) latest.set(key, run);
  }
  const shared = runs
    .filter((r) => r.modelVersionId === versionIdA && latest.has(`${versionIdB}/${r.benchmark?.id}`))
    .map((r) => r.benchmark)
    .filter((bm) => bm !== null)
    .sort((x, y) => y.createdAt.getTime() - x.createdAt.getTime() || y.version - x.version);
  const benchmark = shared[0];
  if (!benchmark) {
    throw badInput(
      "versionIdB",
      `Versions ${versionA.version} and ${versionB.version} have no benchmark version that both ran successfully; run one benchmark for both`,
    );
  }
  const runA = latest.get(`${versionIdA}/${benchmark.id}`);
  const runB = latest.get(`${versionIdB}/${benchmark.id}`);
  if (!runA || !runB) throw new Error("unreachable: both versions ran the shared benchmark");
  const result = await compareRuns({ db, storage: input.storage, teamIds, runIdA: runA.id, runIdB: runB.id });
  return { ...result, benchmark: { id: benchmark.id, name: benchmark.name, version: benchmark.version } };
}

type LoadedRun = Prisma.EvaluationRunGetPayload<{ select: typeof runSelect }>;

function column(run: LoadedRun): CompareRunColumn {
  return {
    id: run.id,
    kind: run.kind,
    status: run.status,
    createdAt: run.createdAt,
    finishedAt: run.finishedAt,
    seed: run.seed,
    datasetHash: run.datasetHash,
    configHash: run.configHash,
    codeVersion: run.codeVersion,
    modelVersion: run.modelVersion,
    benchmark: run.benchmark,
    metrics: run.metricValues,
    hasScores: run.results.length > 0,
  };
}

function sideBySide(a: readonly StoredMetric[], b: readonly StoredMetric[]): SideBySideMetric[] {
  const names = [...new Set([...a.map((m) => m.metric), ...b.map((m) => m.metric)])].sort();
  return names.map((metric) => {
    const ma = a.find((m) => m.metric === metric) ?? null;
    const mb = b.find((m) => m.metric === metric) ?? null;
    return {
      metric,
      direction: metric in METRIC_DIRECTION ? METRIC_DIRECTION[metric as keyof typeof METRIC_DIRECTION] : null,
      a: ma,
      b: mb,
      difference: ma?.value != null && mb?.value != null ? mb.value - ma.value : null,
    };
  });
}

/** The leaves of a JSON value by dotted path (arrays are one leaf: a list of metrics is one setting). */
function leaves(value: unknown, path: string, out: Map<string, string>): void {
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    for (const [key, v] of Object.entries(value)) leaves(v, path ? `${path}.${key}` : key, out);
    return;
  }
  if (value !== undefined) out.set(path, canonicalJson(value));
}

export function configRows(configA: unknown, configB: unknown): ConfigRow[] {
  const a = new Map<string, string>();
  const b = new Map<string, string>();
  leaves(configA, "", a);
  leaves(configB, "", b);
  const keys = [...new Set([...a.keys(), ...b.keys()])].sort();
  return keys.map((key) => {
    const va = a.get(key) ?? null;
    const vb = b.get(key) ?? null;
    return { key, a: va, b: vb, same: va === vb };
  });
}

/** Why two runs did not score the same test rows (so no paired test), or null. */
function pairingRefusal(a: LoadedRun, b: LoadedRun): string | null {
  if (a.kind !== "benchmark" || b.kind !== "benchmark") return "Only benchmark runs can be paired";
  if (a.benchmarkId === null || a.benchmarkId !== b.benchmarkId) {
    const name = (run: LoadedRun) =>
      run.benchmark ? `${run.benchmark.name} v${run.benchmark.version}` : "no benchmark";
    return `The runs ran different benchmark versions (${name(a)} vs ${name(b)}), so their test rows are not the same rows: compare the intervals side by side`;
  }
  const split = (run: LoadedRun) => {
    const c = (run.config ?? {}) as { split?: unknown; holdout?: unknown };
    return canonicalJson({ split: c.split ?? null, holdout: c.holdout ?? null, seed: run.seed, data: run.datasetHash });
  };
  if (split(a) !== split(b)) {
    return "The runs split the data differently (split, seed, hidden holdout or dataset differ), so their test rows differ";
  }
  for (const [run, label] of [
    [a, "A"],
    [b, "B"],
  ] as const) {
    if (run.results.length === 0) {
      return `Run ${label} has no stored per-row scores (it ran before they were kept); re-run it to get a paired test`;
    }
  }
  return null;
}

type Joined = { labels: Float64Array; scoresA: Float64Array; scoresB: Float64Array } | { reason: string };

/** B's scores in A's row order, joined by row id; a reason instead when the row sets or labels differ. */
export function joinByRowId(a: RunScores, b: RunScores): Joined {
  const indexOfA = new Map<string, number>();
  for (const [i, id] of a.rowIds.entries()) {
    if (indexOfA.has(id))
      return { reason: `Row id "${id}" appears twice in run A's test rows, so rows cannot be paired` };
    indexOfA.set(id, i);
  }
  const n = a.rowIds.length;
  const scoresB = new Float64Array(n);
  const seen = new Uint8Array(n);
  let onlyB = 0;
  let labelMismatch = 0;
  for (const [j, id] of b.rowIds.entries()) {
    const i = indexOfA.get(id);
    if (i === undefined) {
      onlyB++;
      continue;
    }
    if (seen[i] === 1) return { reason: `Row id "${id}" appears twice in run B's test rows, so rows cannot be paired` };
    seen[i] = 1;
    scoresB[i] = b.scores[j] as number;
    if (a.labels[i] !== b.labels[j]) labelMismatch++;
  }
  let onlyA = 0;
  for (let i = 0; i < n; i++) if (seen[i] === 0) onlyA++;
  if (onlyA > 0 || onlyB > 0) {
    return {
      reason: `The runs scored different test rows (${onlyA} only in A, ${onlyB} only in B, ${n - onlyA} shared), so there is no paired test: compare the intervals side by side`,
    };
  }
  if (labelMismatch > 0) {
    return {
      reason: `${labelMismatch} shared rows carry different labels in the two runs, so there is no paired test`,
    };
  }
  return { labels: a.labels, scoresA: a.scores, scoresB };
}

/** The metrics, threshold and interval settings of a binary run's frozen protocol. */
function protocolOf(config: unknown): {
  metrics: BinaryMetricName[];
  threshold: number;
  level: number;
  resamples: number;
} {
  const c = (config ?? {}) as {
    metrics?: unknown;
    threshold?: unknown;
    confidence?: { level?: unknown; resamples?: unknown };
  };
  const metrics = (Array.isArray(c.metrics) ? c.metrics : []).filter(
    (m): m is BinaryMetricName => typeof m === "string" && isBinaryMetricName(m),
  );
  const level = typeof c.confidence?.level === "number" ? c.confidence.level : 0.95;
  const resamples = typeof c.confidence?.resamples === "number" ? c.confidence.resamples : 0;
  return {
    metrics: metrics.length > 0 ? metrics : ["roc_auc", "accuracy"],
    threshold: typeof c.threshold === "number" ? c.threshold : 0.5,
    level,
    // A protocol without intervals (resamples 0) still gets an interval of the difference.
    resamples: resamples > 0 ? resamples : 1000,
  };
}
