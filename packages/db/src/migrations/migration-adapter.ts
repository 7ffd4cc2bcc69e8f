import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { catalogSafePool } from "./catalog-safe-pool.ts";
import { schemaName } from "./database-url.ts";
import { createScratchDatabase } from "./scratch-database.ts";

export type MigrationAdapterFactory = SqlMigrationAwareDriverAdapterFactory & {
  /** Disposes of every connection the engine opened and drops any shadow database it left behind. */
  close: () => Promise<void>;
};

/**
 * The driver adapter factory the schema engine runs on. Its shadow databases are scratch databases
 * of our own: PrismaPg#connectToShadowDb creates one but, given a connection string, its pool still
 * connects to the main database (pg lets the connection string win over `database`), and its shadow
 * adapter reports no schema name.
 */
export function migrationAdapterFactory(url: string): MigrationAdapterFactory {
  const open = new Set<() => Promise<void>>();

  async function connectTo(target: string, afterDispose?: () => Promise<void>): Promise<SqlDriverAdapter> {
    // The adapter must report a schema name, or the engine fails with "failed to get connection info".
    const pool = catalogSafePool(target);
    const adapter = await new PrismaPg(pool, { schema: schemaName(url), disposeExternalPool: true }).connect();
    const dispose = adapter.dispose.bind(adapter);
    let disposing: Promise<void> | undefined;
    const disposeOnce = (): Promise<void> => {
      disposing ??= (async () => {
        open.delete(disposeOnce);
        await dispose();
        await afterDispose?.();
      })();
      return disposing;
    };
    adapter.dispose = disposeOnce;
    open.add(disposeOnce);
    return adapter;
  }

  return {
    provider: "postgres",
    adapterName: "@prisma/adapter-pg",
    connect: () => connectTo(url),
    connectToShadowDb: async () => {
      const shadow = await createScratchDatabase(url, "fieldtest_shadow");
      try {
        return await connectTo(shadow.url, shadow.drop);
      } catch (error) {
        await shadow.drop();
        throw error;
      }
    },
    close: async () => {
      for (const dispose of [...open]) await dispose();
    },
  };
}
