import { describe, expect, it } from "vitest";
import { assertPostgresLock, lockProvider, MIGRATION_LOCK_CONTENT } from "./migration-lock.ts";

describe("migration_lock.toml", () => {
  it.each([
    [MIGRATION_LOCK_CONTENT, "postgresql"],
    ['provider = "sqlite"\n', "sqlite"],
    ["# nothing here\n", null],
  ])("lockProvider(%j) is %j", (content, provider) => {
    expect(lockProvider(content)).toBe(provider);
  });

  it("accepts a missing or postgresql lock file and refuses another provider", () => {
    expect(() => assertPostgresLock(null)).not.toThrow();
    expect(() => assertPostgresLock(MIGRATION_LOCK_CONTENT)).not.toThrow();
    expect(() => assertPostgresLock('provider = "mysql"\n')).toThrow(/"mysql"/);
  });
});
