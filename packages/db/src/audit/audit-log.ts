import { canonicalJson } from "@fieldtest/core";
import type { Db } from "../client.ts";
import { sha256Hex } from "../datasets/hash.ts";
import type { Prisma } from "../generated/prisma/client.ts";

/** The hash the first event of a team chains to. */
export const AUDIT_GENESIS_HASH = "0".repeat(64);

/** Who acted: a signed-in user, or an operator on the server (no user behind it). */
export type AuditActor = { userId: string } | { operator: string };

export interface AuditEventInput {
  teamId: string;
  action: string;
  actor: AuditActor;
  targetType: string;
  targetId: string;
  /** JSON-safe facts of the change (never a secret). */
  details: Record<string, unknown>;
}

/** A transaction client, or the client itself (then the append runs in its own transaction). */
type Tx = Prisma.TransactionClient;

interface HashedFields {
  teamId: string;
  seq: number;
  action: string;
  actorUserId: string | null;
  actorLabel: string;
  targetType: string;
  targetId: string;
  details: unknown;
  createdAt: string;
  prevHash: string;
}

function eventHash(fields: HashedFields): string {
  return sha256Hex(canonicalJson(fields));
}

/**
 * Appends an event to the team's audit log inside `tx` (call it in the transaction that makes
 * the change, so there is no change without its event). Events of one team are serialised on the
 * team row; each one's hash covers its fields and the previous event's hash.
 */
export async function appendAuditEvent(tx: Tx, input: AuditEventInput) {
  // FOR NO KEY UPDATE: appends of one team still exclude each other, but no longer conflict with
  // the KEY SHARE lock a foreign key to the team takes (with FOR UPDATE, two concurrent key mints
  // deadlocked: each one's api_key insert held the lock the other's FOR UPDATE waited for).
  await tx.$queryRaw`SELECT id FROM "team" WHERE id = ${input.teamId}::uuid FOR NO KEY UPDATE`;
  const last = await tx.auditEvent.findFirst({
    where: { teamId: input.teamId },
    orderBy: { seq: "desc" },
    select: { seq: true, hash: true },
  });
  const actorUserId = "userId" in input.actor ? input.actor.userId : null;
  const actorLabel = "userId" in input.actor ? "user" : `operator: ${input.actor.operator}`;
  const createdAt = new Date();
  const fields: HashedFields = {
    teamId: input.teamId,
    seq: (last?.seq ?? 0) + 1,
    action: input.action,
    actorUserId,
    actorLabel,
    targetType: input.targetType,
    targetId: input.targetId,
    details: input.details,
    createdAt: createdAt.toISOString(),
    prevHash: last?.hash ?? AUDIT_GENESIS_HASH,
  };
  return tx.auditEvent.create({
    data: { ...fields, details: input.details as Prisma.InputJsonValue, createdAt, hash: eventHash(fields) },
  });
}

/**
 * Recomputes the team's chain: `{ ok: true, events }`, or the first event (by seq) whose hash or
 * link does not match, or a gap in the sequence (a deleted event).
 */
export async function verifyAuditChain(
  db: Db,
  teamId: string,
): Promise<{ ok: true; events: number } | { ok: false; seq: number; reason: string }> {
  const events = await db.auditEvent.findMany({ where: { teamId }, orderBy: { seq: "asc" } });
  let prevHash = AUDIT_GENESIS_HASH;
  for (const [i, event] of events.entries()) {
    if (event.seq !== i + 1) return { ok: false, seq: i + 1, reason: "an event is missing" };
    if (event.prevHash !== prevHash)
      return { ok: false, seq: event.seq, reason: "the link to the previous event is broken" };
    const expected = eventHash({
      teamId: event.teamId,
      seq: event.seq,
      action: event.action,
      actorUserId: event.actorUserId,
      actorLabel: event.actorLabel,
      targetType: event.targetType,
      targetId: event.targetId,
      details: event.details,
      createdAt: event.createdAt.toISOString(),
      prevHash: event.prevHash,
    });
    if (event.hash !== expected)
      return { ok: false, seq: event.seq, reason: "the event was changed after it was written" };
    prevHash = event.hash;
  }
  return { ok: true, events: events.length };
}
