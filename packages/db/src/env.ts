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

const schema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgresql:// URL")
    .default("postgresql://postgres@127.0.0.1:5432/fieldtest"),
  FIELDTEST_STORAGE_DIR: z.string().min(1).optional(),
});

export type DbEnv = { DATABASE_URL: string; FIELDTEST_STORAGE_DIR: string };

let cached: DbEnv | undefined;

/** Settings of the data layer, validated once per process. */
export function dbEnv(): DbEnv {
  if (cached) return cached;
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid environment: ${problems}`);
  }
  cached = {
    DATABASE_URL: parsed.data.DATABASE_URL,
    FIELDTEST_STORAGE_DIR: path.resolve(
      parsed.data.FIELDTEST_STORAGE_DIR ?? path.join(findRepoRoot(), "data", "storage"),
    ),
  };
  return cached;
}
