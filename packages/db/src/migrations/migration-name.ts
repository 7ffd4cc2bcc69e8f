import { MigrationError } from "./migration-error.ts";

const PRISMA_MAX_NAME_LENGTH = 200;

/** A migration name as `prisma migrate dev --name` writes it: snake_case, at most 200 characters. */
export function migrationSlug(name: string): string {
  return name
    .replace(/([a-z\d])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .replace(/[^a-z\d]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, PRISMA_MAX_NAME_LENGTH);
}

/** UTC yyyymmddHHMMSS, the prefix of every migration directory. */
export function migrationTimestamp(at: Date): string {
  return at.toISOString().replace(/\D/g, "").slice(0, 14);
}

function timestampToDate(timestamp: string): Date {
  const [year, month, day, hour, minute, second] =
    timestamp.match(/^(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)$/)?.slice(1) ?? [];
  return new Date(`${year}-${month}-${day}T${hour}:${minute}:${second}Z`);
}

/**
 * The directory name of the next migration: `<timestamp>_<slug>`. The timestamp is `now`, moved one
 * second past the newest existing migration when needed, so that the new one always sorts last.
 */
export function nextMigrationName(options: { name: string; now: Date; existing: string[] }): string {
  const slug = migrationSlug(options.name);
  if (!slug) throw new MigrationError(`"${options.name}" is not a usable migration name: use letters and digits.`);
  let at = options.now;
  const newest = options.existing
    .map((name) => /^(\d{14})_/.exec(name)?.[1])
    .filter((timestamp): timestamp is string => timestamp !== undefined)
    .sort()
    .at(-1);
  if (newest && migrationTimestamp(at) <= newest) at = new Date(timestampToDate(newest).getTime() + 1000);
  return `${migrationTimestamp(at)}_${slug}`;
}
