import "server-only";
import {
  AppError,
  dbEnv,
  describeBytes,
  getDb,
  MAX_DATASET_BYTES,
  TABLE_FORMATS,
  type TableFormat,
  TableLimitError,
} from "@fieldtest/db";
import { env } from "../env";
import { type AuthSession, auth } from "./auth";
import { refuseCrossSite } from "./cross-site";
import { errorFields, logEvent } from "./observability/log";
import { recordUpload } from "./observability/metrics";

/**
 * Shared shell of the upload route handlers (files don't go through tRPC): session, a slot among
 * the uploads this process reads at once, the raw file streamed from the request body with its
 * size cap enforced as it arrives, the other fields from the query string, and the one error
 * shape `{ error: { field, message } }`.
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

export function errorResponse(status: number, message: string, field: string | null = null): Response {
  return Response.json({ error: { field, message } }, { status });
}

export type UploadContext = {
  session: AuthSession;
  teamIds: string[];
} & UploadFields;

type UploadFields = {
  /** The fields of the upload (the query string). */
  params: URLSearchParams;
  /** The file, streamed from the request body; reading past the size cap throws (413). */
  body: AsyncIterable<Uint8Array>;
  format: TableFormat;
  /** Where the file is spooled while it is read (FIELDTEST_UPLOAD_TMP_DIR). */
  tempDir: string;
};

/**
 * Uploads spool up to 200 MB each to disk and hold their table in memory while they are read, so
 * one process reads only so many at once (FIELDTEST_MAX_CONCURRENT_UPLOADS, default 4); more are
 * answered 429. Inspections (the confirmation step: at most 1 MB of text or a 32 MB Parquet
 * file) have their own, larger pool, so a form's column preview never waits behind big uploads.
 */
export type UploadKind = "upload" | "inspection";

const INSPECTIONS_PER_UPLOAD = 4;
/** Seconds a client is asked to wait after a 429: an upload takes seconds to minutes. */
const RETRY_AFTER_SECONDS = 10;

class Slots {
  private used = 0;

  constructor(readonly size: number) {}

  /** A slot and the function that gives it back (once), or null when all are taken. */
  take(): (() => void) | null {
    if (this.used >= this.size) return null;
    this.used++;
    let held = true;
    return () => {
      if (held) this.used--;
      held = false;
    };
  }
}

const pools = new Map<UploadKind, Slots>();

function slotsFor(kind: UploadKind): Slots {
  let slots = pools.get(kind);
  if (!slots) {
    const uploads = dbEnv().FIELDTEST_MAX_CONCURRENT_UPLOADS;
    slots = new Slots(kind === "upload" ? uploads : uploads * INSPECTIONS_PER_UPLOAD);
    pools.set(kind, slots);
  }
  return slots;
}

function busy(kind: UploadKind, size: number, fail: UploadErrorResponse): Response {
  const what = kind === "upload" ? "uploads" : "file inspections";
  const response = fail(
    429,
    `The server is busy with other ${what} (${size} at once); nothing was stored, try again in a few seconds`,
    null,
    "BUSY",
  );
  response.headers.set("Retry-After", String(RETRY_AFTER_SECONDS));
  return response;
}

/** The body went past the cap while streaming. */
class UploadTooLarge extends Error {}
/** The client stopped sending. */
class UploadInterrupted extends Error {}

/**
 * Runs `handle` for a signed-in caller's upload; AppErrors become 4xx, anything else a bare 500.
 * `maxBytes` is the size cap (default: MAX_DATASET_BYTES); `kind` picks the pool of concurrent
 * slots (default "upload"). Whatever part of the body was not read is cancelled on the way out.
 */
export async function handleUpload(
  request: Request,
  handle: (ctx: UploadContext) => Promise<Response>,
  options: { maxBytes?: number; kind?: UploadKind } = {},
): Promise<Response> {
  return streamUpload(request, {
    ...options,
    authenticate: async () => {
      // The session cookie authenticates uploads: a request from another site is refused first.
      const crossSite = refuseCrossSite(request, env.BETTER_AUTH_URL);
      if (crossSite) return crossSite;
      const session = await auth.api.getSession({ headers: request.headers });
      if (!session) return errorResponse(401, "Sign in to upload files");
      const memberships = await getDb().membership.findMany({
        where: { userId: session.user.id },
        select: { teamId: true },
      });
      return { session, teamIds: memberships.map((m) => m.teamId) };
    },
    handle: (stream, caller) => handle({ ...stream, ...caller }),
  });
}

/** What every upload handler gets besides its caller: the query string, the streamed body, its format. */
export type UploadStream = Omit<UploadContext, "session" | "teamIds">;

/** Writes an error response; the REST API (server/rest) uses its own shape with a `code`. */
export type UploadErrorResponse = (status: number, message: string, field: string | null, code: string) => Response;

const sessionErrorResponse: UploadErrorResponse = (status, message, field) => errorResponse(status, message, field);

/**
 * The upload shell for any kind of caller: `authenticate` returns the caller or the response
 * that refuses it (before a slot is taken or a byte is read); then the same caps, slots,
 * streaming and error mapping as every upload. Timed for /api/metrics.
 */
export async function streamUpload<Caller extends object>(
  request: Request,
  options: {
    authenticate: () => Promise<Caller | Response>;
    handle: (stream: UploadStream, caller: Caller) => Promise<Response>;
    maxBytes?: number;
    kind?: UploadKind;
    errorResponse?: UploadErrorResponse;
  },
): Promise<Response> {
  const started = performance.now();
  const response = await uploadResponse(request, options);
  // Counted for /api/metrics (route and status).
  recordUpload({ url: request.url, status: response.status, seconds: (performance.now() - started) / 1_000 });
  return response;
}

async function uploadResponse<Caller extends object>(
  request: Request,
  options: Parameters<typeof streamUpload<Caller>>[1],
): Promise<Response> {
  const maxBytes = options.maxBytes ?? MAX_DATASET_BYTES;
  const kind = options.kind ?? "upload";
  const fail = options.errorResponse ?? sessionErrorResponse;
  const tooLarge = () => fail(413, `The file is larger than ${describeBytes(maxBytes)}`, "file", "PAYLOAD_TOO_LARGE");
  const body = request.body ? new RequestBody(request.body, maxBytes) : null;
  let release: (() => void) | null = null;
  try {
    const caller = await options.authenticate();
    if (caller instanceof Response) return caller;
    if (Number(request.headers.get("content-length") ?? "0") > maxBytes) return tooLarge();
    const slots = slotsFor(kind);
    release = slots.take();
    if (!release) return busy(kind, slots.size, fail);
    const contentType = (request.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
    if (contentType.startsWith("multipart/")) {
      return fail(
        415,
        "Send the file itself as the request body (not multipart/form-data), with the other fields in the query string",
        "file",
        "UNSUPPORTED_MEDIA_TYPE",
      );
    }
    const params = new URL(request.url).searchParams;
    const format = uploadFormat(params.get("format"), contentType);
    if (!body) throw new AppError("BAD_INPUT", "The file is empty", { field: "file" });
    return await options.handle(
      { params, body: body.chunks(), format, tempDir: dbEnv().FIELDTEST_UPLOAD_TMP_DIR },
      caller,
    );
  } catch (err) {
    if (err instanceof UploadTooLarge) return tooLarge();
    if (err instanceof UploadInterrupted)
      return fail(400, "The upload was interrupted; nothing was stored", "file", "BAD_INPUT");
    if (err instanceof AppError && err.cause instanceof TableLimitError && err.cause.limit === "maxBytes") {
      return fail(413, err.message, "file", "PAYLOAD_TOO_LARGE");
    }
    if (err instanceof AppError) return fail(STATUS[err.code], err.message, err.field ?? null, err.code);
    logEvent("error", "upload.failed", { route: new URL(request.url).pathname, ...errorFields(err) });
    return fail(500, "Something went wrong on our side; nothing was stored", null, "INTERNAL");
  } finally {
    release?.();
    // Refused before (or without) reading the whole file: without a cancel, the server would
    // go on receiving the rest of it (up to the size cap) only to throw it away.
    body?.discard();
  }
}

/** "csv, jsonl or parquet" */
const FORMAT_NAMES = `${TABLE_FORMATS.slice(0, -1).join(", ")} or ${TABLE_FORMATS.at(-1)}`;

function uploadFormat(param: string | null, contentType: string): TableFormat {
  if (param !== null && param.trim() !== "") {
    const format = param.trim().toLowerCase();
    const known = TABLE_FORMATS.find((f) => f === format);
    if (!known) {
      throw new AppError("BAD_INPUT", `Format must be ${FORMAT_NAMES} (got "${param}")`, { field: "format" });
    }
    return known;
  }
  const format = FORMAT_BY_CONTENT_TYPE[contentType];
  if (!format) {
    throw new AppError(
      "BAD_INPUT",
      `Say what the file is: Content-Type text/csv, application/x-ndjson or application/vnd.apache.parquet, or ?format=${TABLE_FORMATS.join("|")}`,
      { field: "format" },
    );
  }
  return format;
}

/** The request body, read at most once, and cancelled when what is left of it is not needed. */
class RequestBody {
  private reader: ReadableStreamDefaultReader<Uint8Array> | null = null;
  private finished = false;

  constructor(
    private readonly stream: ReadableStream<Uint8Array>,
    private readonly maxBytes: number,
  ) {}

  /** The chunks, counted against the cap while they arrive (no Content-Length is trusted). */
  async *chunks(): AsyncGenerator<Uint8Array> {
    const reader = this.stream.getReader();
    this.reader = reader;
    let total = 0;
    try {
      for (;;) {
        let next: ReadableStreamReadResult<Uint8Array>;
        try {
          next = await reader.read();
        } catch (err) {
          throw new UploadInterrupted("the request body ended early", { cause: err });
        }
        if (next.done) {
          this.finished = true;
          return;
        }
        total += next.value.byteLength;
        if (total > this.maxBytes) throw new UploadTooLarge();
        yield next.value;
      }
    } finally {
      // Whatever was not read is refused or not needed.
      this.discard();
    }
  }

  /** Cancels the unread rest of the body; not awaited, so a response is never held up by it. */
  discard(): void {
    if (this.finished) return;
    this.finished = true;
    let cancelled: Promise<void> | undefined;
    try {
      if (this.reader) cancelled = this.reader.cancel();
      else if (!this.stream.locked) cancelled = this.stream.cancel();
    } catch {
      // Already closed or errored: nothing left to stop.
    }
    cancelled?.catch(() => undefined);
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
