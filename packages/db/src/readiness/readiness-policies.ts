import {
  defaultPolicy,
  type PolicyIssue,
  policyTaskIssues,
  type ReadinessPolicy,
  readinessPolicySchema,
  type Task,
} from "@fieldtest/core";
import { appendAuditEvent } from "../audit/audit-log.ts";
import type { Db } from "../client.ts";
import { AppError, badInput, notFound } from "../errors.ts";
import { Prisma } from "../generated/prisma/client.ts";
import type { ReadinessDb } from "./evidence-reader.ts";

/** Where the policy a version is judged by comes from. */
export type PolicySource =
  | { kind: "default" }
  | { kind: "team" | "model"; id: string; version: number; createdAt: Date; note: string };

export interface EffectivePolicy {
  policy: ReadinessPolicy;
  source: PolicySource;
  /** The stored version evaluated (null for the default). */
  policyId: string | null;
}

export const teamScopeKey = (task: Task) => `task:${task}`;
export const modelScopeKey = (modelId: string) => `model:${modelId}`;

async function latestOf(db: ReadinessDb, teamId: string, scopeKey: string) {
  return db.readinessPolicy.findFirst({
    where: { teamId, scopeKey },
    orderBy: { version: "desc" },
    select: { id: true, version: true, policy: true, createdAt: true, note: true },
  });
}

/**
 * The policy a model's versions are judged by: the model's latest override (unless it went back
 * to the team's), else the team's latest for the task, else core's defaultPolicy(task).
 */
export async function effectivePolicy(
  db: ReadinessDb,
  scope: { teamId: string; modelId: string; task: Task },
): Promise<EffectivePolicy> {
  const model = await latestOf(db, scope.teamId, modelScopeKey(scope.modelId));
  if (model?.policy) {
    const { id, version, createdAt, note } = model;
    return {
      policy: model.policy as unknown as ReadinessPolicy,
      policyId: id,
      source: { kind: "model", id, version, createdAt, note },
    };
  }
  const team = await latestOf(db, scope.teamId, teamScopeKey(scope.task));
  if (team?.policy) {
    const { id, version, createdAt, note } = team;
    return {
      policy: team.policy as unknown as ReadinessPolicy,
      policyId: id,
      source: { kind: "team", id, version, createdAt, note },
    };
  }
  return { policy: defaultPolicy(scope.task), policyId: null, source: { kind: "default" } };
}

/** A policy from the client: schema-valid and fit for the task, or BAD_INPUT naming the first offending path. */
export function parsePolicy(input: unknown, task: Task): ReadinessPolicy {
  const parsed = readinessPolicySchema.safeParse(input);
  const issues: PolicyIssue[] = parsed.success
    ? policyTaskIssues(parsed.data, task)
    : parsed.error.issues.map((i) => ({
        path: i.path.map((p) => (typeof p === "number" ? p : String(p))),
        message: i.message,
      }));
  const first = issues[0];
  if (first) {
    const field = ["policy", ...first.path].join(".");
    throw new AppError("BAD_INPUT", `${field}: ${first.message}`, { field });
  }
  return (parsed as { data: ReadinessPolicy }).data;
}

/**
 * Saves a new version of the team's policy for `task`, or of a model's override (`modelId`;
 * `policy: null` goes back to the team's). Team admins only (the caller checks the role): the
 * version and its `policy.changed` audit event are written together, serialised on the team row.
 */
export async function saveReadinessPolicy(options: {
  db: Db;
  teamIds: readonly string[];
  userId: string;
  teamId: string;
  task?: Task;
  modelId?: string;
  policy: unknown;
  note?: string;
}) {
  const { db, teamIds, userId, teamId } = options;
  if (!teamIds.includes(teamId)) throw notFound("Team", "teamId");
  const note = (options.note ?? "").trim();
  if (note.length > 2000) throw badInput("note", "At most 2000 characters");
  let task = options.task;
  if (options.modelId !== undefined) {
    const model = await db.model.findFirst({ where: { id: options.modelId, teamId }, select: { task: true } });
    if (!model) throw notFound("Model", "modelId");
    task = model.task;
  }
  if (!task) throw badInput("task", "Choose the task the policy is for");
  const policy = options.policy === null && options.modelId !== undefined ? null : parsePolicy(options.policy, task);
  const scopeKey = options.modelId !== undefined ? modelScopeKey(options.modelId) : teamScopeKey(task);
  return db.$transaction(async (tx) => {
    // The same lock appendAuditEvent takes, taken first: versions of a team's policies are numbered one at a time.
    await tx.$queryRaw`SELECT id FROM "team" WHERE id = ${teamId}::uuid FOR NO KEY UPDATE`;
    const last = await latestOf(tx, teamId, scopeKey);
    const row = await tx.readinessPolicy.create({
      data: {
        teamId,
        task: task as Task,
        modelId: options.modelId ?? null,
        scopeKey,
        version: (last?.version ?? 0) + 1,
        policy: policy === null ? Prisma.DbNull : (policy as unknown as Prisma.InputJsonValue),
        note,
        createdById: userId,
      },
    });
    const stored = row;
    await appendAuditEvent(tx, {
      teamId,
      action: "policy.changed",
      actor: { userId },
      targetType: "readiness_policy",
      targetId: stored.id,
      details: {
        scope: options.modelId !== undefined ? "model" : "team",
        task,
        modelId: options.modelId ?? null,
        version: stored.version,
        gates: policy === null ? null : policy.gates.map((g) => g.id),
        note,
      },
    });
    return stored;
  });
}

/** The versions of one policy scope, newest first, with who saved them (at most 50). */
export function policyVersions(db: Db, teamId: string, scopeKey: string) {
  return db.readinessPolicy.findMany({
    where: { teamId, scopeKey },
    orderBy: { version: "desc" },
    take: 50,
    select: {
      id: true,
      version: true,
      policy: true,
      note: true,
      createdAt: true,
      createdBy: { select: { id: true, name: true } },
    },
  });
}
