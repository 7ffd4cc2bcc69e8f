import { randomUUID } from "node:crypto";
import { quoteIdent, withDatabase } from "./database-url.ts";
import { withMaintenanceClient } from "./maintenance-client.ts";

export type ScratchDatabase = { name: string; url: string; drop: () => Promise<void> };

/** A new empty database on the server of `url`, named `<prefix>_<random>`, and a way to drop it. */
export async function createScratchDatabase(url: string, prefix: string): Promise<ScratchDatabase> {
  const name = `${prefix}_${randomUUID().replaceAll("-", "")}`;
  await withMaintenanceClient(url, (client) => client.query(`CREATE DATABASE ${quoteIdent(name)}`));
  let dropped = false;
  return {
    name,
    url: withDatabase(url, name),
    drop: async () => {
      if (dropped) return;
      dropped = true;
      await dropDatabase(url, name);
    },
  };
}

/** Drops database `name` on the server of `url`, closing whatever still connects to it. */
export async function dropDatabase(url: string, name: string): Promise<void> {
  await withMaintenanceClient(url, (client) =>
    client.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`),
  );
}
