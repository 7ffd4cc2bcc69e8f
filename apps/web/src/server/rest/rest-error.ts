import "server-only";
import { AppError, type AppErrorCode } from "@fieldtest/db";
import type { z } from "zod";
import { InputError } from "../api/trpc";
import { errorFields, logEvent } from "../observability/log";

/**
 * The one error shape of REST /api/v1: `{"error": {"code", "message", "field"?}}` with a 4xx
 * status (5xx details stay in the server log). `field` names the input at fault, in the
 * request's own terms (`name`, `endpoint.url`, `labelColumn`).
 */

export const HTTP_STATUS: Record<AppErrorCode, number> = {
  BAD_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
};

export function restError(status: number, code: string, message: string, field?: string | null): Response {
  return Response.json({ error: { code, message, ...(field ? { field } : {}) } }, { status });
}

type Issue = z.core.$ZodIssue;

/** BAD_INPUT naming the first offending field of a schema error (`endpoint.url`, `metrics.0`). */
export function inputErrorOf(issues: readonly Issue[], prefix = ""): InputError {
  const fieldErrors: Record<string, string> = {};
  for (const issue of issues) {
    const path = issue.path.map(String).join(".");
    const field = prefix && path ? `${prefix}.${path}` : prefix || path || "body";
    fieldErrors[field] ??= issue.message;
  }
  return new InputError(fieldErrors);
}

/** A request body larger than the route reads (rest-route.ts parseJsonBody): 413 PAYLOAD_TOO_LARGE. */
export class PayloadTooLargeError extends Error {
  override name = "PayloadTooLargeError";
}

/** Maps any thrown error to the REST shape: AppError → its 4xx, anything else → a bare 500, logged. */
export function restErrorResponse(err: unknown, route: string): Response {
  if (err instanceof AppError) return restError(HTTP_STATUS[err.code], err.code, err.message, err.field);
  if (err instanceof PayloadTooLargeError) {
    return Response.json({ error: { code: "PAYLOAD_TOO_LARGE", message: err.message, field: null } }, { status: 413 });
  }
  logEvent("error", "rest.failed", { route, ...errorFields(err) });
  return restError(500, "INTERNAL", "Something went wrong on our side; try again");
}
