import "server-only";
import type { ApiKeyScope } from "@fieldtest/db";
import type { z } from "zod";
import { type ApiCaller, authenticateApiKey, requireScope } from "./authenticate";
import { inputErrorOf, restError, restErrorResponse } from "./rest-error";

/**
 * The shell of every JSON route of REST /api/v1: key → scope → handler, errors mapped once
 * (rest-error.ts). Handlers throw AppErrors and return a Response.
 */
export async function restRoute(
  request: Request,
  scopes: readonly ApiKeyScope[],
  handle: (caller: ApiCaller) => Promise<Response>,
): Promise<Response> {
  try {
    const caller = await authenticateApiKey(request);
    requireScope(caller, scopes);
    return await handle(caller);
  } catch (err) {
    return restErrorResponse(err, new URL(request.url).pathname);
  }
}

/** The JSON body parsed with `schema`; BAD_INPUT naming the field (or `body` when it is not JSON at all). */
export async function parseJsonBody<S extends z.ZodType>(request: Request, schema: S): Promise<z.output<S>> {
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    throw inputErrorOf([{ code: "custom", path: [], message: "The body must be a JSON object", input: undefined }]);
  }
  const parsed = await schema.safeParseAsync(body);
  if (!parsed.success) throw inputErrorOf(parsed.error.issues);
  return parsed.data;
}

/** A path parameter that must be a uuid: a malformed one is NOT_FOUND like any id the caller cannot see. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

export const notFoundResponse = (what: string, field: string) =>
  restError(404, "NOT_FOUND", `${what} not found`, field);
