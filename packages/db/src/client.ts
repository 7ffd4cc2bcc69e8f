import { PrismaPg } from "@prisma/adapter-pg";
import { dbEnv } from "./env.ts";
import { PrismaClient } from "./generated/prisma/client.ts";

export type Db = ReturnType<typeof createDb>;

const globalForDb = globalThis as unknown as { fieldtestDb?: Db };

/**
 * A Prisma client on the pg driver adapter; `url` defaults to the application's connection
 * (APP_DATABASE_URL: the role that owns nothing and cannot change the audit log). An endpoint's
 * encrypted secret is omitted from every query unless one selects it by name (only the code that
 * calls the endpoint does: the worker's runs and the web's test connection, routers/model-version.ts),
 * so no router can hand it to a browser by including a version.
 */
export function createDb(url: string = dbEnv().APP_DATABASE_URL) {
  const adapter = new PrismaPg({ connectionString: url }, { schema: "public" });
  return new PrismaClient({ adapter, omit: { modelVersion: { endpointSecret: true } } });
}

/** The one Prisma client of this process, created lazily (and kept across Next.js hot reloads). */
export function getDb(): Db {
  globalForDb.fieldtestDb ??= createDb();
  return globalForDb.fieldtestDb;
}
