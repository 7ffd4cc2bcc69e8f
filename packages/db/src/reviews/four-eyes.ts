import { AppError } from "../errors.ts";

/** Who a version's work belongs to: whoever created it and whoever changed it last. */
export interface VersionAuthors {
  createdById: string;
  lastChangedById: string;
}

/**
 * Four-eyes (DESIGN.md): nobody decides a review of, approves, or overrides the readiness of a
 * version they created or last changed — whatever their role, admins included. The database
 * refuses the same approvals and overrides on its own (triggers `review_four_eyes` and
 * `stage_change_four_eyes`), so this is the first of two checks, the one with a helpful message.
 */
export function assertNotAuthor(version: VersionAuthors, userId: string, field: string): void {
  if (userId === version.createdById || userId === version.lastChangedById) {
    const what = userId === version.createdById ? "created" : "last changed";
    throw new AppError("FORBIDDEN", `You ${what} this version: another reviewer must decide (four-eyes rule)`, {
      field,
    });
  }
}

/**
 * The database's own four-eyes refusal as an AppError (FORBIDDEN), or the error unchanged. The
 * triggers raise check_violation with a message starting "four-eyes:"; through Prisma's driver
 * adapter only the message is reliably carried, so that is what is matched.
 */
export function fourEyesRefusal(error: unknown, field: string): unknown {
  const message = error instanceof Error ? error.message : String(error);
  if (!message.includes("four-eyes:")) return error;
  return new AppError("FORBIDDEN", "The database refused: the version's author cannot approve it (four-eyes rule)", {
    field,
    cause: error,
  });
}
