import { canonicalJson, defaultPolicy, evaluateGates, type GateResult, type GateStatus } from "@fieldtest/core";
import type { Db } from "../client.ts";
import { sha256Hex } from "../datasets/hash.ts";
import type { Prisma, ReadinessReport } from "../generated/prisma/client.ts";
import type { ReadinessVerdict } from "../generated/prisma/enums.ts";
import { assembleReadinessEvidence, versionInTeam } from "./assemble-readiness-evidence.ts";

export type { ReadinessReport } from "../generated/prisma/client.ts";

const VERDICT: Record<GateStatus, ReadinessVerdict> = {
  pass: "ready",
  fail: "not_ready",
  insufficient_evidence: "insufficient_evidence",
};

/**
 * Judges a version's readiness on its current evidence and records it as a ReadinessReport.
 * Unchanged evidence (same sha256 of the canonical {policy, evidence}) returns the latest
 * report instead of writing another. Null when the version is not in the team.
 *
 * The policy is core's `defaultPolicy(task)` for now; team and model policies come later and
 * will be chosen here. The version's row is locked (FOR UPDATE) for the whole check-and-write,
 * so concurrent calls on the same evidence write one report.
 */
export async function evaluateReadiness(options: {
  db: Db;
  teamId: string;
  modelVersionId: string;
  now?: Date;
}): Promise<ReadinessReport | null> {
  const { db, teamId, modelVersionId } = options;
  const now = options.now ?? new Date();
  return db.$transaction(
    async (tx) => {
      const version = await versionInTeam(tx, teamId, modelVersionId);
      if (!version) return null;
      await tx.$queryRaw`SELECT id FROM model_version WHERE id = ${modelVersionId}::uuid FOR UPDATE`;
      // Evidence is read under the lock, so a later caller never records older evidence.
      const assembled = await assembleReadinessEvidence({ db: tx, teamId, modelVersionId });
      if (!assembled) return null;
      const { evidence } = assembled;
      const policy = defaultPolicy(version.task);
      const evidenceHash = sha256Hex(canonicalJson({ policy, evidence }));
      const evaluation = evaluateGates({ policy, evidence, now });

      const latest = await tx.readinessReport.findFirst({
        where: { teamId, modelVersionId },
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      });
      // Same evidence normally means the same gates; a policy that bounds evidence age can still
      // turn a gate insufficient as time passes, so the statuses must match too.
      if (latest && latest.evidenceHash === evidenceHash && sameStatuses(latest.gates, evaluation.gates)) {
        return latest;
      }
      return tx.readinessReport.create({
        data: {
          teamId,
          modelVersionId,
          verdict: VERDICT[evaluation.verdict],
          policy: json(policy),
          evidence: json(evidence),
          gates: json(evaluation.gates),
          counts: json(evaluation.counts),
          evidenceHash,
        },
      });
    },
    // Waiting for the lock counts against the timeout: leave room for a concurrent evaluation.
    { maxWait: 10_000, timeout: 30_000 },
  );
}

function sameStatuses(stored: Prisma.JsonValue, gates: readonly GateResult[]): boolean {
  if (!Array.isArray(stored) || stored.length !== gates.length) return false;
  return gates.every((gate, i) => {
    const old = stored[i] as { id?: unknown; status?: unknown } | null;
    return old?.id === gate.id && old?.status === gate.status;
  });
}

/** Core objects are plain JSON-safe data (no NaN, no undefined inside arrays): stored as they are. */
function json(value: unknown): Prisma.InputJsonValue {
  return JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue;
}
