import { taskLabel } from "@fieldtest/core";
import type { Db } from "../client.ts";
import { badInput, notFound } from "../errors.ts";
import type { ShadowEvaluation } from "../generated/prisma/client.ts";

/** At most this many challengers per shadow evaluation (each is called for every champion event). */
export const MAX_CHALLENGERS = 5;
/** Rescoring cadence bounds of a continuous shadow evaluation, in seconds. */
export const MIN_RESCORE_SECONDS = 5;
export const MAX_RESCORE_SECONDS = 86_400;

export interface CreateShadowEvaluationInput {
  db: Db;
  teamId: string;
  championVersionId: string;
  challengerVersionIds: readonly string[];
  /**
   * Event-time window [from, to); without `to` the evaluation is continuous, and then without
   * `from` it starts now (live traffic from here on, not every stored event).
   */
  from?: Date | null;
  to?: Date | null;
  /** The benchmark for the gap, costs, threshold and drift reference; default: the latest one the champion ran on. */
  benchmarkId?: string | null;
  rescoreSeconds?: number;
  /** Who started it; null for an operator-minted API key. */
  userId: string | null;
  apiKeyId?: string;
  /** Injected for tests; default Math.random. */
  seed?: number;
  /** Injected for tests; default the current time. */
  now?: Date;
}

/**
 * Writes a queued ShadowEvaluation with its champion and challengers (the caller enqueues its
 * first scoring afterwards). Every version must be one of the team's, all of one task, none
 * twice; the window must be a real interval. A benchmark, when given or found, must be the
 * team's and of the same task; its threshold and confidence level become the evaluation's.
 */
export async function createShadowEvaluation(input: CreateShadowEvaluationInput): Promise<ShadowEvaluation> {
  const { db, teamId } = input;
  const challengers = [...input.challengerVersionIds];
  if (challengers.length === 0) throw badInput("challengerVersionIds", "Name at least one challenger version");
  if (challengers.length > MAX_CHALLENGERS) {
    throw badInput("challengerVersionIds", `At most ${MAX_CHALLENGERS} challengers per shadow evaluation`);
  }
  if (new Set(challengers).size !== challengers.length) {
    throw badInput("challengerVersionIds", "A challenger version is listed twice");
  }
  if (challengers.includes(input.championVersionId)) {
    throw badInput("challengerVersionIds", "The champion cannot also be a challenger");
  }
  const to = input.to ?? null;
  const from = input.from ?? (to === null ? (input.now ?? new Date()) : null);
  if (from && to && !(from.getTime() < to.getTime())) throw badInput("to", "`to` must be after `from`");
  const rescoreSeconds = input.rescoreSeconds ?? 60;
  if (
    !Number.isInteger(rescoreSeconds) ||
    rescoreSeconds < MIN_RESCORE_SECONDS ||
    rescoreSeconds > MAX_RESCORE_SECONDS
  ) {
    throw badInput(
      "rescoreSeconds",
      `rescoreSeconds must be a whole number from ${MIN_RESCORE_SECONDS} to ${MAX_RESCORE_SECONDS}`,
    );
  }

  const ids = [input.championVersionId, ...challengers];
  const versions = await db.modelVersion.findMany({
    where: { id: { in: ids }, model: { teamId } },
    include: { model: { select: { name: true, task: true } } },
  });
  const byId = new Map(versions.map((v) => [v.id, v]));
  const champion = byId.get(input.championVersionId);
  if (!champion) throw notFound("Champion version", "championVersionId");
  for (const id of challengers) {
    const v = byId.get(id);
    if (!v) throw notFound(`Challenger version ${id}`, "challengerVersionIds");
    if (v.endpointKind === "builtin") {
      // A builtin challenger answers with the model a benchmark run trained: refused now rather
      // than failing in the worker when it has none and none is on the way.
      const runs = await db.evaluationRun.count({
        where: { modelVersionId: v.id, kind: "benchmark", status: { in: ["queued", "running", "succeeded"] } },
      });
      if (runs === 0) {
        throw badInput(
          "challengerVersionIds",
          `${v.model.name} ${v.version} is a builtin model with no benchmark run to train it: run a benchmark for it first`,
        );
      }
    }
    if (v.model.task !== champion.model.task) {
      throw badInput(
        "challengerVersionIds",
        `${v.model.name} ${v.version} is a ${taskLabel(v.model.task)} model; the champion ${champion.model.name} ${champion.version} is ${taskLabel(champion.model.task)}`,
      );
    }
  }

  let benchmark = null;
  if (input.benchmarkId) {
    benchmark = await db.benchmark.findFirst({ where: { id: input.benchmarkId, teamId } });
    if (!benchmark) throw notFound("Benchmark", "benchmarkId");
    if (benchmark.task !== champion.model.task) {
      throw badInput(
        "benchmarkId",
        `Benchmark ${benchmark.name} v${benchmark.version} is for ${taskLabel(benchmark.task)}; the champion is ${taskLabel(champion.model.task)}`,
      );
    }
  } else {
    const latest = await db.evaluationRun.findFirst({
      where: {
        teamId,
        kind: "benchmark",
        status: "succeeded",
        modelVersionId: champion.id,
        benchmarkId: { not: null },
      },
      orderBy: { finishedAt: "desc" },
      select: { benchmark: true },
    });
    benchmark = latest?.benchmark ?? null;
  }

  const seed = input.seed ?? Math.floor(Math.random() * 2 ** 31);
  return db.shadowEvaluation.create({
    data: {
      teamId,
      championVersionId: champion.id,
      benchmarkId: benchmark?.id ?? null,
      windowFrom: from,
      windowTo: to,
      threshold: benchmark?.threshold ?? 0.5,
      level: benchmark?.confidenceLevel ?? 0.95,
      rescoreSeconds,
      seed,
      createdById: input.userId,
      apiKeyId: input.apiKeyId ?? null,
      versions: {
        create: [
          { modelVersionId: champion.id, role: "champion", position: 0 },
          ...challengers.map((id, i) => ({ modelVersionId: id, role: "challenger" as const, position: i + 1 })),
        ],
      },
    },
  });
}
