import "server-only";
import type { ApiKeyScope } from "@fieldtest/db";
import type { z } from "zod";
import { type ApiCaller, authenticateApiKey, requireScope } from "./authenticate";
import { inputErrorOf, PayloadTooLargeError, restError, restErrorResponse } from "./rest-error";

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

/** The most a JSON body may hold; larger bodies are refused with 413 before they are parsed. */
export const MAX_JSON_BODY_BYTES = 1024 * 1024;

/**
 * The JSON body parsed with `schema`; BAD_INPUT naming the field (or `body` when it is not JSON at
 * all). Reads at most MAX_JSON_BODY_BYTES (or `maxBytes`, for the ingestion routes): a larger body
 * is a PayloadTooLargeError (413).
 */
export async function parseJsonBody<S extends z.ZodType>(
  request: Request,
  schema: S,
  options: { maxBytes?: number } = {},
): Promise<z.output<S>> {
  const text = await readBodyText(request, options.maxBytes ?? MAX_JSON_BODY_BYTES);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw inputErrorOf([{ code: "custom", path: [], message: "The body must be a JSON object", input: undefined }]);
  }
  const parsed = await schema.safeParseAsync(body);
  if (!parsed.success) throw inputErrorOf(parsed.error.issues);
  return parsed.data;
}

/** The body as UTF-8 text, streamed and counted so that no more than `limit` bytes are held. */
async function readBodyText(request: Request, limit: number): Promise<string> {
  const tooLarge = () => new PayloadTooLargeError(`The body must be at most ${limit / (1024 * 1024)} MB of JSON`);
  if (Number(request.headers.get("content-length")) > limit) throw tooLarge();
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw inputErrorOf([{ code: "custom", path: [], message: "The body must be UTF-8 JSON", input: undefined }]);
  }
}

/** A path parameter that must be a uuid: a malformed one is NOT_FOUND like any id the caller cannot see. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

export const notFoundResponse = (what: string, field: string) =>
  restError(404, "NOT_FOUND", `${what} not found`, field);
