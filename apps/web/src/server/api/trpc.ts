import "server-only";
import { AppError, getDb, Prisma } from "@fieldtest/db";
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { auth } from "../auth";
import { errorFields, logEvent } from "../observability/log";
import { recordProcedure } from "../observability/metrics";
import { type AccessPolicy, createTeamScope, type TeamScope } from "./policy";

/**
 * tRPC for the UI. Every procedure is built from `teamProcedure` and must declare
 * `.meta({ policy: { role, scope: "team" } })`; a middleware refuses calls to a procedure
 * without one, and policy.int.test.ts walks the router to prove none is missing.
 */

export interface Meta {
  policy?: AccessPolicy;
}

export async function createTRPCContext(opts: { headers: Headers }) {
  const session = await auth.api.getSession({ headers: opts.headers });
  return { db: getDb(), session, headers: opts.headers };
}
export type Context = Awaited<ReturnType<typeof createTRPCContext>>;

/** BAD_INPUT with every offending field of a schema error (the first one is `field`). */
export class InputError extends AppError {
  readonly fieldErrors: Record<string, string>;
  constructor(fieldErrors: Record<string, string>) {
    const [field, message] = Object.entries(fieldErrors)[0] ?? ["input", "Invalid input"];
    super("BAD_INPUT", `${field}: ${message}`, { field });
    this.name = "InputError";
    this.fieldErrors = fieldErrors;
  }
}

const TRPC_CODE = {
  BAD_INPUT: "BAD_REQUEST",
  NOT_FOUND: "NOT_FOUND",
  FORBIDDEN: "FORBIDDEN",
  CONFLICT: "CONFLICT",
  UNAUTHENTICATED: "UNAUTHORIZED",
} as const satisfies Record<AppError["code"], TRPCError["code"]>;

type Issue = { message: string; path?: ReadonlyArray<PropertyKey | { key: PropertyKey }> };

function issuesOf(cause: unknown): Issue[] | undefined {
  const issues = (cause as { issues?: unknown } | undefined)?.issues;
  return Array.isArray(issues) ? (issues as Issue[]) : undefined;
}

function fieldName(path: Issue["path"]): string {
  if (!path || path.length === 0) return "input";
  return path.map((p) => String(typeof p === "object" && p !== null ? p.key : p)).join(".");
}

/** Maps AppError and schema errors to tRPC codes; the one place that does so. */
export function toTRPCError(error: TRPCError): TRPCError {
  const cause = error.cause;
  if (cause instanceof AppError) {
    return new TRPCError({ code: TRPC_CODE[cause.code], message: cause.message, cause });
  }
  const issues = error.code === "BAD_REQUEST" ? issuesOf(cause) : undefined;
  if (issues) {
    const fieldErrors: Record<string, string> = {};
    for (const issue of issues) fieldErrors[fieldName(issue.path)] ??= issue.message;
    const mapped = new InputError(fieldErrors);
    return new TRPCError({ code: "BAD_REQUEST", message: mapped.message, cause: mapped });
  }
  return error;
}

/**
 * Runs a write whose unique constraint a user can hit (a taken name, a version registered
 * twice) and turns a violation (Prisma P2002) into a CONFLICT on the input `field`, so the
 * form can show it there. The only place P2002 is mapped. Each write it wraps has one such
 * constraint besides its generated id, so the constraint's name is not checked (the error's
 * `meta` shape differs between Prisma versions and driver adapters).
 */
export async function conflictOnDuplicate<T>(
  write: () => Promise<T>,
  conflict: { field: string; message: string },
): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002") {
      throw new AppError("CONFLICT", conflict.message, { field: conflict.field, cause: err });
    }
    throw err;
  }
}

/** The field an error names (`name`, `split.cutoff`, …), for tests and clients. */
export function errorField(error: unknown): string | undefined {
  const cause = (error as { cause?: unknown } | undefined)?.cause;
  return cause instanceof AppError ? cause.field : undefined;
}

const t = initTRPC
  .context<Context>()
  .meta<Meta>()
  .create({
    transformer: superjson,
    errorFormatter({ shape, error }) {
      const cause = error.cause instanceof AppError ? error.cause : undefined;
      const serverError = shape.data.httpStatus >= 500;
      if (serverError)
        logEvent("error", "trpc.failed", { path: shape.data.path ?? null, ...errorFields(error.cause ?? error) });
      return {
        ...shape,
        // 5xx details stay in the server log.
        message: serverError ? "Something went wrong on our side; try again" : shape.message,
        data: {
          ...shape.data,
          stack: serverError ? undefined : shape.data.stack,
          field: cause?.field ?? null,
          fieldErrors: cause instanceof InputError ? cause.fieldErrors : null,
        },
      };
    },
  });

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

const mapErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) throw toTRPCError(result.error);
  return result;
});

const enforcePolicy = t.middleware(async ({ ctx, meta, path, next }) => {
  const policy = meta?.policy;
  if (!policy) {
    throw new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: `Procedure ${path} declares no access policy` });
  }
  if (!ctx.session) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to continue" });
  const memberships = await ctx.db.membership.findMany({
    where: { userId: ctx.session.user.id },
    select: { teamId: true, role: true },
  });
  const scope: TeamScope = createTeamScope(memberships, policy);
  return next({ ctx: { ...ctx, user: ctx.session.user, scope } });
});

/** Times every call for /api/metrics; passes the result on untouched. Outermost, so it sees the mapped error code. */
const recordTiming = t.middleware(async ({ path, type, next }) => {
  const started = performance.now();
  const result = await next();
  const outcome = result.ok ? "ok" : result.error.code;
  recordProcedure({ path, type, outcome, seconds: (performance.now() - started) / 1_000 });
  return result;
});

/** The only procedure builder: a signed-in caller, scoped to the teams their role admits. */
export const teamProcedure = t.procedure.use(recordTiming).use(mapErrors).use(enforcePolicy);
