import "server-only";
import { AppError, getDb, MAX_DATASET_BYTES } from "@fieldtest/db";
import { type AuthSession, auth } from "./auth";

/**
 * Shared shell of the upload route handlers (files don't go through tRPC): session,
 * size cap, multipart parsing and the one error shape `{ error: { field, message } }`.
 */

// Multipart framing adds a little to the file itself.
const MAX_BODY_BYTES = MAX_DATASET_BYTES + 1024 * 1024;

const STATUS: Record<AppError["code"], number> = {
  BAD_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
};

export function errorResponse(status: number, message: string, field: string | null = null): Response {
  return Response.json({ error: { field, message } }, { status });
}

export type UploadContext = { session: AuthSession; form: FormData; teamIds: string[] };

/** Runs `handle` for a signed-in caller's multipart upload; AppErrors become 4xx, anything else a bare 500. */
export async function handleUpload(
  request: Request,
  handle: (ctx: UploadContext) => Promise<Response>,
): Promise<Response> {
  try {
    const session = await auth.api.getSession({ headers: request.headers });
    if (!session) return errorResponse(401, "Sign in to upload files");
    const length = Number(request.headers.get("content-length") ?? "0");
    if (length > MAX_BODY_BYTES) {
      return errorResponse(413, `The file is larger than ${MAX_DATASET_BYTES / 1024 / 1024} MB`, "file");
    }
    let form: FormData;
    try {
      form = await request.formData();
    } catch {
      return errorResponse(400, "Send the upload as multipart/form-data");
    }
    const memberships = await getDb().membership.findMany({
      where: { userId: session.user.id },
      select: { teamId: true },
    });
    return await handle({ session, form, teamIds: memberships.map((m) => m.teamId) });
  } catch (err) {
    if (err instanceof AppError) return errorResponse(STATUS[err.code], err.message, err.field ?? null);
    console.error("upload failed:", err);
    return errorResponse(500, "Something went wrong on our side; nothing was stored");
  }
}

/** A required text field of the form, trimmed; BAD_INPUT naming it when missing. */
export function textField(form: FormData, name: string, label: string): string {
  const value = form.get(name);
  if (typeof value !== "string" || value.trim() === "")
    throw new AppError("BAD_INPUT", `${label} is required`, { field: name });
  return value.trim();
}

export function optionalTextField(form: FormData, name: string): string | undefined {
  const value = form.get(name);
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}

/** The uploaded file's bytes; BAD_INPUT (field `file`) when missing or too large. */
export async function fileField(form: FormData, name = "file"): Promise<Uint8Array> {
  const file = form.get(name);
  if (!(file instanceof File) || file.size === 0) throw new AppError("BAD_INPUT", "Choose a CSV file", { field: name });
  if (file.size > MAX_DATASET_BYTES) {
    throw new AppError("BAD_INPUT", `The file is larger than ${MAX_DATASET_BYTES / 1024 / 1024} MB`, { field: name });
  }
  return new Uint8Array(await file.arrayBuffer());
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A uuid field; a malformed id is NOT_FOUND like any id the caller cannot see. */
export function idField(form: FormData, name: string, what: string): string {
  const value = textField(form, name, what);
  if (!UUID.test(value)) throw new AppError("NOT_FOUND", `${what} not found`, { field: name });
  return value;
}
