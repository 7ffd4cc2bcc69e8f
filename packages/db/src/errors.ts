/**
 * Typed errors of the application. Shells map `code` once: tRPC error codes in the web
 * app, HTTP statuses for REST, exit codes in the CLI. `field` names the input at fault.
 */
export type AppErrorCode = "BAD_INPUT" | "NOT_FOUND" | "FORBIDDEN" | "CONFLICT" | "UNAUTHENTICATED";

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly field: string | undefined;

  constructor(code: AppErrorCode, message: string, options: { field?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = "AppError";
    this.code = code;
    this.field = options.field;
  }
}

export const badInput = (field: string, message: string) => new AppError("BAD_INPUT", message, { field });
export const notFound = (what: string, field?: string) => new AppError("NOT_FOUND", `${what} not found`, { field });
