import { canonicalJson } from "@fieldtest/core";
import type { Db } from "../client.ts";
import { sha256Hex } from "../datasets/hash.ts";
import { notFound } from "../errors.ts";
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

/** The first entry of a chain that does not verify; `id` is null when the entry is missing. */
export interface AuditBreak {
  seq: number;
  id: string | null;
  reason: string;
}

export type AuditChainResult = { ok: true; events: number } | ({ ok: false } & AuditBreak);

/** One team's chain, for `verifyAllAuditChains`: `broken` is its first broken entry, or null. */
export interface TeamAuditChainReport {
  teamId: string;
  slug: string;
  name: string;
  ok: boolean;
  events: number;
  broken: AuditBreak | null;
}

type StoredEvent = Omit<HashedFields, "createdAt"> & { id: string; hash: string; createdAt: Date };

/** Events are read this many at a time, so a long chain is never held in memory at once. */
const VERIFY_BATCH = 1_000;

function storedHash(event: StoredEvent, seq: number = event.seq): string {
  return eventHash({
    teamId: event.teamId,
    seq,
    action: event.action,
    actorUserId: event.actorUserId,
    actorLabel: event.actorLabel,
    targetType: event.targetType,
    targetId: event.targetId,
    details: event.details,
    createdAt: event.createdAt.toISOString(),
    prevHash: event.prevHash,
  });
}

/**
 * Why `event` (whose own hash does not match) is broken: its content is intact but it was written
 * at another position (a reordered chain), or it was changed. Only run for the first break, so
 * trying every other position once is cheap.
 */
async function describeMismatch(db: Db, event: StoredEvent): Promise<string> {
  const last = await db.auditEvent.aggregate({ where: { teamId: event.teamId }, _max: { seq: true } });
  const maxSeq = Math.max(last._max.seq ?? 0, event.seq);
  for (let seq = 1; seq <= maxSeq; seq++) {
    if (seq !== event.seq && storedHash(event, seq) === event.hash) {
      return `the chain was reordered: this event was written as seq ${seq}`;
    }
  }
  return "the event was changed after it was written (its hash does not match)";
}

/** Why `event` (intact itself) does not link to the event before it. */
async function describeBrokenLink(db: Db, event: StoredEvent): Promise<string> {
  if (event.prevHash === AUDIT_GENESIS_HASH) return "the chain was reordered: this event was written as the first one";
  const linked = await db.auditEvent.findFirst({
    where: { teamId: event.teamId, hash: event.prevHash },
    select: { seq: true },
  });
  if (linked)
    return `the chain was reordered or forked: this event follows seq ${linked.seq}, not seq ${event.seq - 1}`;
  return `the link to the previous event is broken (seq ${event.seq - 1} was rewritten, or this event was)`;
}

/**
 * Recomputes the team's chain in seq order: `{ ok: true, events }`, or its first broken entry:
 * - a missing seq (a deleted event): `{ seq, id: null }`;
 * - an event whose hash does not match its fields (changed), or matches them only at another seq
 *   (the chain was reordered, e.g. two events' seq swapped);
 * - an event that does not link to the one before it (its prevHash is not that event's hash).
 *
 * A deleted *last* event leaves a shorter chain that is intact, so it cannot be detected here:
 * only a copy of the latest hash kept elsewhere (an anchor) would show it. The same holds for an
 * owner who rewrites an event and recomputes every hash after it; the hash chain makes a change
 * evident to whoever kept a later hash, not impossible.
 */
export async function verifyAuditChain(db: Db, teamId: string): Promise<AuditChainResult> {
  let prevHash = AUDIT_GENESIS_HASH;
  let expectedSeq = 1;
  for (;;) {
    const batch: StoredEvent[] = await db.auditEvent.findMany({
      where: { teamId, seq: { gte: expectedSeq } },
      orderBy: { seq: "asc" },
      take: VERIFY_BATCH,
    });
    for (const event of batch) {
      if (event.seq !== expectedSeq) {
        return { ok: false, seq: expectedSeq, id: null, reason: "the event is missing (it was deleted)" };
      }
      if (storedHash(event) !== event.hash) {
        return { ok: false, seq: event.seq, id: event.id, reason: await describeMismatch(db, event) };
      }
      if (event.prevHash !== prevHash) {
        return { ok: false, seq: event.seq, id: event.id, reason: await describeBrokenLink(db, event) };
      }
      prevHash = event.hash;
      expectedSeq++;
    }
    if (batch.length < VERIFY_BATCH) return { ok: true, events: expectedSeq - 1 };
  }
}

/**
 * Verifies the chain of every team (or only the team `teamSlug`: NOT_FOUND on `team` when there is
 * none), ordered by slug.
 */
export async function verifyAllAuditChains(
  db: Db,
  options: { teamSlug?: string } = {},
): Promise<TeamAuditChainReport[]> {
  const slug = options.teamSlug?.trim();
  const teams = await db.team.findMany({
    where: slug === undefined ? {} : { slug },
    orderBy: { slug: "asc" },
    select: { id: true, slug: true, name: true },
  });
  if (slug !== undefined && teams.length === 0) throw notFound(`Team "${slug}"`, "team");
  const reports: TeamAuditChainReport[] = [];
  for (const team of teams) {
    const result = await verifyAuditChain(db, team.id);
    const base = { teamId: team.id, slug: team.slug, name: team.name };
    if (result.ok) {
      reports.push({ ...base, ok: true, events: result.events, broken: null });
    } else {
      const { seq, id, reason } = result;
      const events = await db.auditEvent.count({ where: { teamId: team.id } });
      reports.push({ ...base, ok: false, events, broken: { seq, id, reason } });
    }
  }
  return reports;
}
