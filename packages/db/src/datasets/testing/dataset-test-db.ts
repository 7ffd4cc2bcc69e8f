import { randomUUID } from "node:crypto";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createDb, type Db } from "../../client.ts";
import { deployMigrations } from "../../migrations/deploy-migrations.ts";
import { defaultMigrationTargets } from "../../migrations/migration-targets.ts";
import { dropTestDatabase, unusedDatabaseUrl } from "../../migrations/test-databases.ts";
import { directoryStorage } from "../../storage/directory-storage.ts";
import type { BlobStorage } from "../../storage/storage.ts";

export interface DatasetTestDb {
  db: Db;
  storage: BlobStorage;
  storageDir: string;
  userId: string;
  teamId: string;
  /** Every stored blob's key, sorted. */
  storedKeys(): Promise<string[]>;
  close(): Promise<void>;
}

/** A migrated database of its own, a storage folder, a user and a team (for one test file). */
export async function openDatasetTestDb(): Promise<DatasetTestDb> {
  const url = unusedDatabaseUrl();
  await deployMigrations({ url, migrationsDir: defaultMigrationTargets().migrationsDir });
  const db = createDb(url);
  const storageDir = await mkdtemp(path.join(tmpdir(), "fieldtest-datasets-"));
  const userId = randomUUID();
  await db.user.create({ data: { id: userId, name: "Owner", email: `${userId}@example.test` } });
  const teamId = (await db.team.create({ data: { slug: `t-${userId}`, name: "T" } })).id;
  return {
    db,
    storage: directoryStorage(storageDir),
    storageDir,
    userId,
    teamId,
    async storedKeys() {
      const entries = await readdir(storageDir, { recursive: true, withFileTypes: true });
      return entries
        .filter((e) => e.isFile())
        .map((e) => path.relative(storageDir, path.join(e.parentPath, e.name)))
        .sort();
    },
    async close() {
      await db.$disconnect();
      await dropTestDatabase(url);
      await rm(storageDir, { recursive: true, force: true });
    },
  };
}
