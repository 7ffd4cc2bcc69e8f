import { createHash, randomBytes } from "node:crypto";
import { type AuditActor, appendAuditEvent } from "../audit/audit-log.ts";
import type { Db } from "../client.ts";
import { AppError, badInput, notFound } from "../errors.ts";
import type { ApiKey } from "../generated/prisma/client.ts";

/**
 * Team-scoped API keys for machines (REST /api/v1). A key is `ft_` + 32 random bytes in
 * base64url; only its sha256 (hex) is stored, with a short prefix to tell keys apart in the
 * UI. The key itself is shown once, when it is minted, and can never be read back.
 */

export const API_KEY_SCOPES = ["ingest", "evaluate", "read"] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

const KEY_PREFIX = "ft_";
/** `ft_` and the first 8 characters of the random part: enough to tell keys apart, useless to guess one. */
const DISPLAY_PREFIX_LENGTH = KEY_PREFIX.length + 8;
/** lastUsedAt is written at most this often per key, so every request is not a write. */
const LAST_USED_RESOLUTION_MS = 60_000;

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

export function generateApiKey(): { key: string; prefix: string; hash: string } {
  const key = `${KEY_PREFIX}${randomBytes(32).toString("base64url")}`;
  return { key, prefix: key.slice(0, DISPLAY_PREFIX_LENGTH), hash: hashApiKey(key) };
}

export function isApiKeyScope(value: string): value is ApiKeyScope {
  return (API_KEY_SCOPES as readonly string[]).includes(value);
}

/** Scopes from a list (`["ingest","read"]`) or comma-separated text; BAD_INPUT on `scopes` for an unknown or empty one. */
export function parseApiKeyScopes(input: string | readonly string[]): ApiKeyScope[] {
  const items = (typeof input === "string" ? input.split(",") : [...input]).map((s) => s.trim()).filter(Boolean);
  if (items.length === 0) throw badInput("scopes", `Give at least one scope: ${API_KEY_SCOPES.join(", ")}`);
  const unknown = items.find((s) => !isApiKeyScope(s));
  if (unknown !== undefined) {
    throw badInput("scopes", `Unknown scope "${unknown}": use ${API_KEY_SCOPES.join(", ")}`);
  }
  return API_KEY_SCOPES.filter((s) => items.includes(s));
}

export interface MintApiKeyInput {
  db: Db;
  teamId: string;
  name: string;
  scopes: string | readonly string[];
  /** The admin who created it in the UI; null for a key minted by an operator on the server. */
  createdById: string | null;
}

/** Stores a new key (hash and prefix only) and returns it with the key itself, which is never shown again. */
export async function mintApiKey(input: MintApiKeyInput): Promise<{ apiKey: ApiKey; key: string }> {
  const name = input.name.trim();
  if (name === "") throw badInput("name", "Name is required");
  if (name.length > 120) throw badInput("name", "Name must be at most 120 characters");
  const scopes = parseApiKeyScopes(input.scopes);
  const { key, prefix, hash } = generateApiKey();
  // The key and its audit event are one change: neither exists without the other.
  const apiKey = await input.db.$transaction(async (tx) => {
    const created = await tx.apiKey.create({
      data: { teamId: input.teamId, name, prefix, hash, scopes, createdById: input.createdById },
    });
    await appendAuditEvent(tx, {
      teamId: input.teamId,
      action: "api_key.created",
      actor: input.createdById ? { userId: input.createdById } : { operator: "fieldtest keys create" },
      targetType: "api_key",
      targetId: created.id,
      details: { name, prefix, scopes },
    });
    return created;
  });
  return { apiKey, key };
}

/** Operator minting (`fieldtest keys create --team SLUG`): the team by its slug, NOT_FOUND on `team`. */
export async function mintApiKeyForTeamSlug(
  input: Omit<MintApiKeyInput, "teamId" | "createdById"> & { teamSlug: string },
): Promise<{ apiKey: ApiKey; key: string }> {
  const scopes = parseApiKeyScopes(input.scopes);
  const team = await input.db.team.findUnique({ where: { slug: input.teamSlug.trim() }, select: { id: true } });
  if (!team) throw notFound(`Team "${input.teamSlug}"`, "team");
  return mintApiKey({ db: input.db, teamId: team.id, name: input.name, scopes, createdById: null });
}

/**
 * The live key a bearer token stands for, or null (unknown, malformed or revoked: the caller
 * answers all three the same way). Records when it was last used, at minute resolution.
 */
export async function verifyApiKey(input: { db: Db; key: string; now?: Date }): Promise<ApiKey | null> {
  const { db, key } = input;
  if (!key.startsWith(KEY_PREFIX) || key.length < DISPLAY_PREFIX_LENGTH + 16 || key.length > 200) return null;
  const apiKey = await db.apiKey.findUnique({ where: { hash: hashApiKey(key) } });
  if (!apiKey || apiKey.revokedAt !== null) return null;
  const now = input.now ?? new Date();
  if (!apiKey.lastUsedAt || now.getTime() - apiKey.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
    await db.apiKey.updateMany({ where: { id: apiKey.id, revokedAt: null }, data: { lastUsedAt: now } });
  }
  return apiKey;
}

/** Revokes a key of one of `teamIds` at once; revoking a revoked key is a no-op; any other key is NOT_FOUND. */
export async function revokeApiKey(input: {
  db: Db;
  teamIds: readonly string[];
  apiKeyId: string;
  /** Who revokes it (recorded in the team's audit log): the admin in the UI, or an operator. */
  actor: AuditActor;
  now?: Date;
}): Promise<ApiKey> {
  const { db } = input;
  const apiKey = await db.apiKey.findFirst({ where: { id: input.apiKeyId, teamId: { in: [...input.teamIds] } } });
  if (!apiKey) throw new AppError("NOT_FOUND", "API key not found", { field: "apiKeyId" });
  if (apiKey.revokedAt) return apiKey;
  return db.$transaction(async (tx) => {
    const revoked = await tx.apiKey.update({ where: { id: apiKey.id }, data: { revokedAt: input.now ?? new Date() } });
    await appendAuditEvent(tx, {
      teamId: apiKey.teamId,
      action: "api_key.revoked",
      actor: input.actor,
      targetType: "api_key",
      targetId: apiKey.id,
      details: { name: apiKey.name, prefix: apiKey.prefix },
    });
    return revoked;
  });
}
