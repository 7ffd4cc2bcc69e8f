import { existsSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

/** The repository root: the nearest ancestor of `from` holding turbo.json. */
export function findRepoRoot(from: string = process.cwd()): string {
  let dir = path.resolve(from);
  while (!existsSync(/* turbopackIgnore: true */ path.join(dir, "turbo.json"))) {
    const parent = path.dirname(dir);
    if (parent === dir) return path.resolve(from);
    dir = parent;
  }
  return dir;
}

/** An empty value (`NAME=` in a .env file) means "not set": the default applies. */
const emptyAsUnset = <T extends z.ZodType>(type: T) => z.preprocess((v) => (v === "" ? undefined : v), type);

const schema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgresql:// URL")
    .default("postgresql://postgres@127.0.0.1:5432/fieldtest"),
  FIELDTEST_APP_DATABASE_URL: emptyAsUnset(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, "must be a postgresql:// URL")
      .optional(),
  ),
  FIELDTEST_STORAGE_DIR: z.string().min(1).optional(),
  FIELDTEST_UPLOAD_TMP_DIR: emptyAsUnset(z.string().min(1).optional()),
  FIELDTEST_MAX_CONCURRENT_UPLOADS: emptyAsUnset(z.coerce.number().int().min(1).max(1_000).default(4)),
});

export type DbEnv = {
  /** The owner's connection: migrations, test databases, maintenance. */
  DATABASE_URL: string;
  /**
   * The application's connection (web, worker, seed, operator CLI): as the role APP_DATABASE_ROLE,
   * which owns nothing and cannot change the audit log (migration *_app_role). FIELDTEST_APP_DATABASE_URL,
   * or DATABASE_URL with that user and no password (enough with trust or peer authentication).
   */
  APP_DATABASE_URL: string;
  FIELDTEST_STORAGE_DIR: string;
  /**
   * Where uploads are spooled while they are read (up to 200 MB each): on the storage disk by
   * default, not in the OS temp directory, which may be RAM-backed (tmpfs). Created on demand.
   */
  FIELDTEST_UPLOAD_TMP_DIR: string;
  /** Uploads read at once by one web process; more are answered 429 (apps/web/src/server/uploads.ts). */
  FIELDTEST_MAX_CONCURRENT_UPLOADS: number;
};

let cached: DbEnv | undefined;

/** Settings of the data layer, validated once per process. */
export function dbEnv(): DbEnv {
  if (cached) return cached;
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid environment: ${problems}`);
  }
  const storageDir = path.resolve(parsed.data.FIELDTEST_STORAGE_DIR ?? path.join(findRepoRoot(), "data", "storage"));
  cached = {
    DATABASE_URL: parsed.data.DATABASE_URL,
    APP_DATABASE_URL: parsed.data.FIELDTEST_APP_DATABASE_URL ?? appDatabaseUrl(parsed.data.DATABASE_URL),
    FIELDTEST_STORAGE_DIR: storageDir,
    FIELDTEST_UPLOAD_TMP_DIR: path.resolve(parsed.data.FIELDTEST_UPLOAD_TMP_DIR ?? path.join(storageDir, "tmp")),
    FIELDTEST_MAX_CONCURRENT_UPLOADS: parsed.data.FIELDTEST_MAX_CONCURRENT_UPLOADS,
  };
  return cached;
}

/** The role the application connects as (created by the migration *_app_role). */
export const APP_DATABASE_ROLE = "fieldtest_app";

/** `databaseUrl` with the application's role as its user (and no password). */
export function appDatabaseUrl(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  url.username = APP_DATABASE_ROLE;
  url.password = "";
  return url.toString();
}
