import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { checkImports } from "./check-imports.ts";

const repoRoot = path.resolve(import.meta.dirname, "../..");
const dirs: string[] = [];

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), "imports-"));
  dirs.push(root);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  }
  return root;
}

afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe("import rule", () => {
  it("holds on this repository", () => {
    expect(checkImports(repoRoot)).toEqual([]);
  });

  it.each([
    [
      "core importing db",
      "packages/core/src/a.ts",
      'import { getDb } from "@fieldtest/db";',
      "core must not import db",
    ],
    [
      "core importing a relative path into db",
      "packages/core/src/a.ts",
      'import x from "../../db/src/x.ts";',
      "core must not import db",
    ],
    [
      "db importing jobs",
      "packages/db/src/a.ts",
      'export { enqueue } from "@fieldtest/jobs";',
      "db must not import jobs",
    ],
    ["web importing worker", "apps/web/src/a.ts", 'import "../../worker/src/main.ts";', "web must not import worker"],
    [
      "worker importing web dynamically",
      "apps/worker/src/a.ts",
      'await import("@fieldtest/web");',
      "worker must not import web",
    ],
    [
      "client code importing db",
      "apps/web/src/features/a.tsx",
      '"use client";\nimport { getDb } from "@fieldtest/db";',
      "browser code may only import server code as types",
    ],
    [
      "client code importing server code",
      "apps/web/src/features/a.tsx",
      '"use client";\nimport { appRouter } from "../server/api/root.ts";',
      "browser code may only import server code as types",
    ],
    ["e2e importing db", "e2e/tests/a.spec.ts", 'import { getDb } from "@fieldtest/db";', "e2e must not import db"],
    [
      "client code importing server code through the ~/ alias",
      "apps/web/src/features/a.tsx",
      '"use client";\nimport { auth } from "~/server/auth";',
      "browser code may only import server code as types",
    ],
    [
      "outbound importing db",
      "packages/outbound/src/a.ts",
      'import { getDb } from "@fieldtest/db";',
      "outbound must not import db",
    ],
    [
      "jobs importing outbound",
      "packages/jobs/src/a.ts",
      'import { createOutboundClient } from "@fieldtest/outbound";',
      "jobs must not import outbound",
    ],
    [
      "core importing the outbound testing server",
      "packages/core/src/a.ts",
      'import { startInferenceTestServer } from "@fieldtest/outbound/testing";',
      "core must not import outbound",
    ],
    [
      "client code importing outbound",
      "apps/web/src/features/a.tsx",
      '"use client";\nimport { checkUrl } from "@fieldtest/outbound";',
      "browser code may only import server code as types",
    ],
    ["e2e importing jobs", "e2e/tests/a.spec.ts", 'import "@fieldtest/jobs";', "e2e must not import jobs"],
  ])("refuses a planted violation: %s", (_name, file, text, message) => {
    const violations = checkImports(tree({ [file]: text }));
    expect(violations).toHaveLength(1);
    expect(violations[0]?.message).toContain(message);
    expect(violations[0]?.file).toBe(file);
  });

  it.each([
    [
      "web importing core, db, jobs",
      "apps/web/src/a.ts",
      'import "@fieldtest/core";\nimport "@fieldtest/db";\nimport "@fieldtest/jobs";',
    ],
    [
      "client code importing router types",
      "apps/web/src/features/a.tsx",
      '"use client";\nimport type { AppRouter } from "../server/api/root.ts";',
    ],
    [
      "client code importing core",
      "apps/web/src/features/a.tsx",
      '"use client";\nimport { rocAuc } from "@fieldtest/core";',
    ],
    ["jobs importing core", "packages/jobs/src/a.ts", 'import { splitSchema } from "@fieldtest/core";'],
    ["outbound importing core", "packages/outbound/src/a.ts", 'import { rocAuc } from "@fieldtest/core";'],
    [
      "worker, web and cli importing outbound",
      "apps/worker/src/a.ts",
      'import { createOutboundClient } from "@fieldtest/outbound";\nimport "@fieldtest/outbound/testing";',
    ],
    ["web importing outbound", "apps/web/src/server/a.ts", 'import { checkUrl } from "@fieldtest/outbound";'],
    ["cli importing outbound", "packages/cli/src/a.ts", 'import { createOutboundClient } from "@fieldtest/outbound";'],
  ])("allows %s", (_name, file, text) => {
    expect(checkImports(tree({ [file]: text }))).toEqual([]);
  });
});
