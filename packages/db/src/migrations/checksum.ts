import { createHash } from "node:crypto";

/** Prisma's checksum of a migration script: sha256 of its UTF-8 text, lowercase hex. */
export function migrationChecksum(sql: string): string {
  return createHash("sha256").update(sql, "utf8").digest("hex");
}

/**
 * Whether `sql` is the script that was recorded with `checksum`. Like Prisma, a script whose line
 * endings git converted (LF ↔ CRLF) still matches.
 */
export function checksumMatches(sql: string, checksum: string): boolean {
  const variants = [sql, sql.replaceAll("\r\n", "\n"), sql.replaceAll("\r\n", "\n").replaceAll("\n", "\r\n")];
  return variants.some((variant) => migrationChecksum(variant) === checksum);
}
