import "server-only";
import { AppError, describeBytes, getDb, MAX_DATASET_BYTES, type TableFormat, TableLimitError } from "@fieldtest/db";
import { type AuthSession, auth } from "./auth";

/**
 * Shared shell of the upload route handlers (files don't go through tRPC): session, the raw
 * file streamed from the request body with its size cap enforced as it arrives, the other
 * fields from the query string, and the one error shape `{ error: { field, message } }`.
 */

const STATUS: Record<AppError["code"], number> = {
  BAD_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
};

/** Content types of the three upload formats (a `format` query parameter overrides them). */
const FORMAT_BY_CONTENT_TYPE: Record<string, TableFormat> = {
  "text/csv": "csv",
  "application/csv": "csv",
  "application/x-ndjson": "jsonl",
  "application/jsonl": "jsonl",
  "application/x-jsonlines": "jsonl",
  "application/vnd.apache.parquet": "parquet",
  "application/x-parquet": "parquet",
};
const FORMATS: readonly string[] = ["csv", "jsonl", "parquet"];

export function errorResponse(status: number, message: string, field: string | null = null): Response {
  return Response.json({ error: { field, message } }, { status });
}

export type UploadContext = {
  session: AuthSession;
  teamIds: string[];
  /** The fields of the upload (the query string). */
  params: URLSearchParams;
  /** The file, streamed from the request body; reading past the size cap throws (413). */
  body: AsyncIterable<Uint8Array>;
  format: TableFormat;
};

/** The body went past the cap while streaming. */
class UploadTooLarge extends Error {}
/** The client stopped sending. */
class UploadInterrupted extends Error {}

const tooLarge = (maxBytes: number) => errorResponse(413, `The file is larger than ${describeBytes(maxBytes)}`, "file");

/**
 * Runs `handle` for a signed-in caller's upload; AppErrors become 4xx, anything else a bare 500.
 * `maxBytes` is the size cap (default: MAX_DATASET_BYTES).
 */
export async function handleUpload(
  request: Request,
  handle: (ctx: UploadContext) => Promise<Response>,
  options: { maxBytes?: number } = {},
): Promise<Response> {
  const maxBytes = options.maxBytes ?? MAX_DATASET_BYTES;
  try {
    const session = await auth.api.getSession({ headers: request.headers });
    if (!session) return errorResponse(401, "Sign in to upload files");
    if (Number(request.headers.get("content-length") ?? "0") > maxBytes) return tooLarge(maxBytes);
    const contentType = (request.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
    if (contentType.startsWith("multipart/")) {
      return errorResponse(
        415,
        "Send the file itself as the request body (not multipart/form-data), with the other fields in the query string",
        "file",
      );
    }
    const params = new URL(request.url).searchParams;
    const format = uploadFormat(params.get("format"), contentType);
    if (!request.body) throw new AppError("BAD_INPUT", "The file is empty", { field: "file" });
    const memberships = await getDb().membership.findMany({
      where: { userId: session.user.id },
      select: { teamId: true },
    });
    return await handle({
      session,
      teamIds: memberships.map((m) => m.teamId),
      params,
      body: streamBody(request.body, maxBytes),
      format,
    });
  } catch (err) {
    if (err instanceof UploadTooLarge) return tooLarge(maxBytes);
    if (err instanceof UploadInterrupted)
      return errorResponse(400, "The upload was interrupted; nothing was stored", "file");
    if (err instanceof AppError && err.cause instanceof TableLimitError && err.cause.limit === "maxBytes") {
      return errorResponse(413, err.message, "file");
    }
    if (err instanceof AppError) return errorResponse(STATUS[err.code], err.message, err.field ?? null);
    console.error("upload failed:", err);
    return errorResponse(500, "Something went wrong on our side; nothing was stored");
  }
}

function uploadFormat(param: string | null, contentType: string): TableFormat {
  if (param !== null && param.trim() !== "") {
    const format = param.trim().toLowerCase();
    if (!FORMATS.includes(format)) {
      throw new AppError("BAD_INPUT", `Format must be csv, jsonl or parquet (got "${param}")`, { field: "format" });
    }
    return format as TableFormat;
  }
  const format = FORMAT_BY_CONTENT_TYPE[contentType];
  if (!format) {
    throw new AppError(
      "BAD_INPUT",
      "Say what the file is: Content-Type text/csv, application/x-ndjson or application/vnd.apache.parquet, or ?format=csv|jsonl|parquet",
      { field: "format" },
    );
  }
  return format;
}

/** The request body as chunks, counted against the cap while they arrive (no Content-Length is trusted). */
async function* streamBody(body: ReadableStream<Uint8Array>, maxBytes: number): AsyncGenerator<Uint8Array> {
  const reader = body.getReader();
  let total = 0;
  try {
    for (;;) {
      let next: ReadableStreamReadResult<Uint8Array>;
      try {
        next = await reader.read();
      } catch (err) {
        throw new UploadInterrupted("the request body ended early", { cause: err });
      }
      if (next.done) return;
      total += next.value.byteLength;
      if (total > maxBytes) throw new UploadTooLarge();
      yield next.value;
    }
  } finally {
    // Whatever was not read is refused or not needed.
    reader.cancel().catch(() => undefined);
  }
}

/** A required field of the query string, trimmed; BAD_INPUT naming it when missing. */
export function textParam(params: URLSearchParams, name: string, label: string): string {
  const value = params.get(name);
  if (value === null || value.trim() === "") throw new AppError("BAD_INPUT", `${label} is required`, { field: name });
  return value.trim();
}

export function optionalParam(params: URLSearchParams, name: string): string | undefined {
  const value = params.get(name);
  return value !== null && value.trim() !== "" ? value.trim() : undefined;
}

/** A comma-separated list (`sliceColumns=a,b`), trimmed, empty items dropped. */
export function listParam(params: URLSearchParams, name: string): string[] {
  return (params.get(name) ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A uuid field; a malformed id is NOT_FOUND like any id the caller cannot see. */
export function idParam(params: URLSearchParams, name: string, what: string): string {
  const value = textParam(params, name, what);
  if (!UUID.test(value)) throw new AppError("NOT_FOUND", `${what} not found`, { field: name });
  return value;
}
