import type { Prisma } from "../generated/prisma/client.ts";

type Tx = Prisma.TransactionClient;

/** The fields every webhook payload carries about where an event happened. */
export interface WebhookSubject {
  team: { id: string; slug: string };
  model: { id: string; name: string };
  version: { id: string; version: string; stage: string; createdById: string; lastChangedById: string };
}

/** Team, model and version of a version, read inside the action's transaction (its stage as now written). */
export async function webhookSubject(tx: Tx, modelVersionId: string): Promise<WebhookSubject> {
  const v = await tx.modelVersion.findUniqueOrThrow({
    where: { id: modelVersionId },
    select: {
      id: true,
      version: true,
      stage: true,
      createdById: true,
      lastChangedById: true,
      model: { select: { id: true, name: true, team: { select: { id: true, slug: true } } } },
    },
  });
  return {
    team: v.model.team,
    model: { id: v.model.id, name: v.model.name },
    version: {
      id: v.id,
      version: v.version,
      stage: v.stage,
      createdById: v.createdById,
      lastChangedById: v.lastChangedById,
    },
  };
}

/** The subject as sent: ids, names and stage (never who created it). */
export function subjectPayload(subject: WebhookSubject) {
  const { id, version, stage } = subject.version;
  return { team: subject.team, model: subject.model, version: { id, version, stage } };
}
