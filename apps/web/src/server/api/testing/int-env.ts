import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/**
 * Settings for the web integration tests, applied before any app module is imported
 * (call it inside `vi.hoisted`). The tests use a database, a storage folder and a queue
 * prefix of their own, never the app's.
 */
export function applyIntegrationEnv(): { databaseUrl: string; queuePrefix: string; storageDir: string } {
  const server =
    process.env.WEB_TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
  const url = new URL(server);
  if (!process.env.WEB_TEST_DATABASE_URL) url.pathname = "/fieldtest_web_it";
  const databaseUrl = url.toString();
  const queuePrefix = `fieldtest-web-it-${process.pid}-${Date.now().toString(36)}`;
  const storageDir = mkdtempSync(path.join(tmpdir(), "fieldtest-web-it-"));
  Object.assign(process.env, {
    DATABASE_URL: databaseUrl,
    FIELDTEST_QUEUE_PREFIX: queuePrefix,
    FIELDTEST_STORAGE_DIR: storageDir,
    FIELDTEST_CODE_VERSION: "web-it",
    FIELDTEST_AUTH_RATE_LIMIT: "off",
    BETTER_AUTH_SECRET: "web-integration-tests-secret-0123456789abcdef",
    BETTER_AUTH_URL: "http://localhost:3000",
    // No private destination is allowed unless a test says so; secrets use a test-only key.
    FIELDTEST_OUTBOUND_ALLOW: "",
    FIELDTEST_SECRET_KEY: Buffer.alloc(32, 7).toString("base64"),
  });
  return { databaseUrl, queuePrefix, storageDir };
}
