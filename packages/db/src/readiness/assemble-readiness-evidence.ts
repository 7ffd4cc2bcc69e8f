import type { ReadinessEvidence, Task } from "@fieldtest/core";
import { loadBenchmarkEvidence } from "./benchmark-evidence.ts";
import type { ReadinessDb } from "./evidence-reader.ts";
import { loadShadowEvidence } from "./shadow-evidence.ts";

export interface ReadinessEvidenceSources {
  /** EvaluationRun ids of the benchmark evidence. */
  benchmarkRunIds: string[];
  shadowEvaluationId: string | null;
  /** Sequence of the shadow snapshot read. */
  shadowSnapshot: number | null;
}

export interface AssembledReadinessEvidence {
  evidence: ReadinessEvidence;
  sources: ReadinessEvidenceSources;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The version and its model's task when the version belongs to the team, else null. */
export async function versionInTeam(
  db: ReadinessDb,
  teamId: string,
  modelVersionId: string,
): Promise<{ id: string; modelId: string; task: Task } | null> {
  if (!UUID.test(teamId) || !UUID.test(modelVersionId)) return null;
  const version = await db.modelVersion.findFirst({
    where: { id: modelVersionId, model: { teamId } },
    select: { id: true, modelId: true, model: { select: { task: true } } },
  });
  return version ? { id: version.id, modelId: version.modelId, task: version.model.task } : null;
}

/**
 * The ReadinessEvidence of a version from what is stored: its latest succeeded benchmark run
 * (benchmark, stress) and its latest shadow look (shadow, gap, drift). A block with nothing
 * behind it is left out, so its gates are insufficient_evidence. Null when the version is not
 * in the team.
 */
export async function assembleReadinessEvidence(options: {
  db: ReadinessDb;
  teamId: string;
  modelVersionId: string;
}): Promise<AssembledReadinessEvidence | null> {
  const { db, teamId, modelVersionId } = options;
  const version = await versionInTeam(db, teamId, modelVersionId);
  if (!version) return null;
  // One after the other: `db` may be an interactive transaction, which runs one query at a time.
  const bench = await loadBenchmarkEvidence({ db, teamId, modelVersionId, modelId: version.modelId });
  const shadow = await loadShadowEvidence({ db, teamId, modelVersionId });
  const evidence: ReadinessEvidence = {};
  if (bench) {
    evidence.benchmark = bench.benchmark;
    if (bench.stress) evidence.stress = bench.stress;
  }
  if (shadow) {
    evidence.shadow = shadow.shadow;
    if (shadow.gap) evidence.gap = shadow.gap;
    if (shadow.drift) evidence.drift = shadow.drift;
  }
  return {
    evidence,
    sources: {
      benchmarkRunIds: bench?.runIds ?? [],
      shadowEvaluationId: shadow?.shadowEvaluationId ?? null,
      shadowSnapshot: shadow?.sequence ?? null,
    },
  };
}
