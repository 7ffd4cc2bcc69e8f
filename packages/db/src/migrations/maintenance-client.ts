import pg from "pg";
import { withDatabase } from "./database-url.ts";

/**
 * Runs `work` on a connection to the `postgres` database of the server `url` points at: the place to
 * create and drop databases (a database cannot drop itself, and the target may not exist yet).
 */
export async function withMaintenanceClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: withDatabase(url, "postgres") });
  client.on("error", () => {}); // the query in flight reports a dropped connection
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
