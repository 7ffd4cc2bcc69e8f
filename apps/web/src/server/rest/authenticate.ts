import "server-only";
import { type ApiKey, type ApiKeyScope, AppError, getDb, verifyApiKey } from "@fieldtest/db";

/**
 * Who is calling REST /api/v1: a live API key of one team, with its scopes. Every object the
 * call touches is looked up within `teamId` only, so another team's id is NOT_FOUND.
 */
export interface ApiCaller {
  apiKeyId: string;
  teamId: string;
  teamIds: [string];
  scopes: readonly ApiKeyScope[];
  /** The admin who created the key in the UI; null for an operator-minted key. */
  createdById: string | null;
}

/** The key from `Authorization: Bearer <key>`, verified; UNAUTHENTICATED when missing, unknown or revoked. */
export async function authenticateApiKey(request: Request): Promise<ApiCaller> {
  const header = request.headers.get("authorization") ?? "";
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match?.[1]) {
    throw new AppError("UNAUTHENTICATED", "Send an API key as `Authorization: Bearer <key>`", {
      field: "authorization",
    });
  }
  const apiKey: ApiKey | null = await verifyApiKey({ db: getDb(), key: match[1] });
  if (!apiKey) {
    throw new AppError("UNAUTHENTICATED", "The API key is not valid (unknown or revoked)", { field: "authorization" });
  }
  return {
    apiKeyId: apiKey.id,
    teamId: apiKey.teamId,
    teamIds: [apiKey.teamId],
    scopes: apiKey.scopes.filter((s): s is ApiKeyScope => s === "ingest" || s === "evaluate" || s === "read"),
    createdById: apiKey.createdById,
  };
}

/** FORBIDDEN unless the key holds one of `scopes`. */
export function requireScope(caller: ApiCaller, scopes: readonly ApiKeyScope[]): void {
  if (scopes.some((s) => caller.scopes.includes(s))) return;
  throw new AppError("FORBIDDEN", `This API key lacks the ${scopes.join(" or ")} scope`, { field: "authorization" });
}

/**
 * The user that objects created through the key are attributed to (models, versions, datasets
 * and benchmarks record a creator): the key's creator, or, for an operator-minted key, the
 * team's longest-standing admin. FORBIDDEN when the team has no admin to stand for it.
 */
export async function actingUserId(caller: ApiCaller): Promise<string> {
  if (caller.createdById) return caller.createdById;
  const admin = await getDb().membership.findFirst({
    where: { teamId: caller.teamId, role: "admin" },
    orderBy: { createdAt: "asc" },
    select: { userId: true },
  });
  if (!admin) {
    throw new AppError("FORBIDDEN", "This operator-minted key's team has no admin to attribute new objects to", {
      field: "authorization",
    });
  }
  return admin.userId;
}
