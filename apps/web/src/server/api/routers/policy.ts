import { defaultPolicy, describeGate, type ReadinessPolicy, taskSchema } from "@fieldtest/core";
import {
  AppError,
  type Db,
  effectivePolicy,
  modelScopeKey,
  policyVersions,
  saveReadinessPolicy,
  teamScopeKey,
} from "@fieldtest/db";
import { z } from "zod";
import { teamProcedure } from "../trpc";

/** Everyone in the team reads the policies; team admins change them (DESIGN.md "Who uses it"). */
const member = { role: "member", scope: "team" } as const;
const admin = { role: "admin", scope: "team" } as const;

/** A policy with each gate in words, as the editor previews and the model page shows it. */
function withWords(policy: ReadinessPolicy) {
  return { policy, gates: policy.gates.map((gate) => ({ id: gate.id, kind: gate.kind, words: describeGate(gate) })) };
}

async function isAdmin(db: Db, teamId: string, userId: string): Promise<boolean> {
  const m = await db.membership.findUnique({ where: { teamId_userId: { teamId, userId } }, select: { role: true } });
  return m?.role === "admin";
}

const versionsView = (rows: Awaited<ReturnType<typeof policyVersions>>) =>
  rows.map((r) => ({ ...r, policy: (r.policy as unknown as ReadinessPolicy | null) ?? null }));

export const policyRouter = {
  /** The team's policy for a task (its latest version, or the default) with its version history. */
  forTeam: teamProcedure
    .meta({ policy: member })
    .input(z.object({ teamId: z.uuid(), task: taskSchema }))
    .query(async ({ ctx, input }) => {
      ctx.scope.require(input.teamId);
      const versions = versionsView(await policyVersions(ctx.db, input.teamId, teamScopeKey(input.task)));
      const current = versions[0]?.policy ?? defaultPolicy(input.task);
      return {
        teamId: input.teamId,
        task: input.task,
        current: withWords(current),
        isDefault: versions.length === 0,
        defaultPolicy: defaultPolicy(input.task),
        versions,
        canEdit: await isAdmin(ctx.db, input.teamId, ctx.user.id),
      };
    }),

  /** The policy a model's versions are judged by, where it comes from, and the model's own override history. */
  forModel: teamProcedure
    .meta({ policy: member })
    .input(z.object({ modelId: z.uuid() }))
    .query(async ({ ctx, input }) => {
      const model = await ctx.db.model.findFirst({
        where: { id: input.modelId, teamId: { in: ctx.scope.teamIds } },
        select: { id: true, teamId: true, task: true },
      });
      if (!model) throw new AppError("NOT_FOUND", "Model not found", { field: "modelId" });
      const effective = await effectivePolicy(ctx.db, { teamId: model.teamId, modelId: model.id, task: model.task });
      return {
        modelId: model.id,
        teamId: model.teamId,
        task: model.task,
        effective: { ...withWords(effective.policy), source: effective.source },
        versions: versionsView(await policyVersions(ctx.db, model.teamId, modelScopeKey(model.id))),
        canEdit: await isAdmin(ctx.db, model.teamId, ctx.user.id),
      };
    }),

  /**
   * Saves a new version: the team's policy for `task`, or `modelId`'s override (`policy: null`
   * returns the model to the team's policy). Validated against the schema and the task; audited.
   */
  save: teamProcedure
    .meta({ policy: admin })
    .input(
      z.object({
        teamId: z.uuid(),
        task: taskSchema.optional(),
        modelId: z.uuid().optional(),
        policy: z.unknown(),
        note: z.string().max(2000, "The note must be at most 2000 characters").default(""),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      ctx.scope.require(input.teamId);
      const saved = await saveReadinessPolicy({
        db: ctx.db,
        teamIds: ctx.scope.teamIds,
        userId: ctx.user.id,
        teamId: input.teamId,
        ...(input.task ? { task: input.task } : {}),
        ...(input.modelId ? { modelId: input.modelId } : {}),
        policy: input.policy ?? null,
        note: input.note,
      });
      return { id: saved.id, version: saved.version };
    }),
};
