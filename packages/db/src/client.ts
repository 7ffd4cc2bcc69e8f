import { PrismaPg } from "@prisma/adapter-pg";
import { dbEnv } from "./env.ts";
import { PrismaClient } from "./generated/prisma/client.ts";

export type Db = PrismaClient;

const globalForDb = globalThis as unknown as { fieldtestDb?: Db };

/** A Prisma client on the pg driver adapter; `url` defaults to DATABASE_URL. */
export function createDb(url: string = dbEnv().DATABASE_URL): Db {
  const adapter = new PrismaPg({ connectionString: url }, { schema: "public" });
  return new PrismaClient({ adapter });
}

/** The one Prisma client of this process, created lazily (and kept across Next.js hot reloads). */
export function getDb(): Db {
  globalForDb.fieldtestDb ??= createDb();
  return globalForDb.fieldtestDb;
}
