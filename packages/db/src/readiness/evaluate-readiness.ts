import { canonicalJson, evaluateGates, type GateResult, type GateStatus } from "@fieldtest/core";
import type { Db } from "../client.ts";
import { sha256Hex } from "../datasets/hash.ts";
import type { Prisma, ReadinessReport } from "../generated/prisma/client.ts";
import type { ReadinessVerdict } from "../generated/prisma/enums.ts";
import { emitReadinessChanged } from "../notifications/emit-notifications.ts";
import { assembleReadinessEvidence, versionInTeam } from "./assemble-readiness-evidence.ts";
import { effectivePolicy } from "./readiness-policies.ts";

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
 * The policy is the model's override, else the team's policy for the task, else core's
 * `defaultPolicy(task)` (effectivePolicy); a policy with new content is new evidence for the hash.
 * The version's row is locked (FOR UPDATE) for the whole check-and-write,
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
      // FOR NO KEY UPDATE: excludes another evaluation of this version, but not the KEY SHARE lock
      // of rows that reference the version (metric values, runs, uploads) being written meanwhile.
      await tx.$queryRaw`SELECT id FROM model_version WHERE id = ${modelVersionId}::uuid FOR NO KEY UPDATE`;
      // Evidence is read under the lock, so a later caller never records older evidence.
      const assembled = await assembleReadinessEvidence({ db: tx, teamId, modelVersionId });
      if (!assembled) return null;
      const { evidence } = assembled;
      const { policy, policyId } = await effectivePolicy(tx, { teamId, modelId: version.modelId, task: version.task });
      const evaluation = evaluateGates({ policy, evidence, now });
      // What decides: the policy, where the evidence came from, and each gate's judged numbers. A
      // rescore that moved only times, latency or drift between two shadow looks is not new evidence
      // for the report (hashing the whole evidence made every page view after a rescore a report).
      const evidenceHash = sha256Hex(
        canonicalJson({
          policy,
          sources: assembled.sources,
          gates: evaluation.gates.map((g) => ({
            id: g.id,
            status: g.status,
            observed: g.observed,
            interval: g.interval,
            evidenceN: g.evidenceN,
            baseline: g.baseline,
          })),
        }),
      );

      const latest = await tx.readinessReport.findFirst({
        where: { teamId, modelVersionId },
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      });
      if (latest && latest.evidenceHash === evidenceHash && sameStatuses(latest.gates, evaluation.gates)) {
        return latest;
      }
      const report = await tx.readinessReport.create({
        data: {
          teamId,
          modelVersionId,
          verdict: VERDICT[evaluation.verdict],
          policy: json(policy),
          evidence: json(evidence),
          gates: json(evaluation.gates),
          counts: json(evaluation.counts),
          evidenceHash,
          policyId,
        },
      });
      // A changed verdict is announced to the team's webhooks, in this transaction (outbox).
      if (latest) await emitReadinessChanged(tx, { report, previous: latest });
      return report;
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
