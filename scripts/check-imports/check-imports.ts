/**
 * DESIGN.md's import rule between workspaces, checked on the source text (TypeScript 7 has
 * no compiler API for dependency-cruiser): `core` imports nothing from the workspace; `db` and
 * `jobs` may import `core`; `outbound` (the guarded client for model endpoints) may import `core`;
 * apps and `cli` may import `core`, `db`, `jobs`, `outbound`; apps never import each other; browser
 * code ("use client" files) gets `core` and type-only imports of server code (db, jobs, outbound);
 * e2e journeys use the app only through the browser (and `core` for expected values).
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

export type Workspace = "core" | "db" | "jobs" | "outbound" | "cli" | "web" | "worker" | "e2e";

const WORKSPACE_DIRS: Record<Workspace, string> = {
  core: "packages/core",
  db: "packages/db",
  jobs: "packages/jobs",
  outbound: "packages/outbound",
  cli: "packages/cli",
  web: "apps/web",
  worker: "apps/worker",
  e2e: "e2e",
};

const ALLOWED: Record<Workspace, Workspace[]> = {
  core: [],
  db: ["core"],
  jobs: ["core"],
  outbound: ["core"],
  cli: ["core", "db", "jobs", "outbound"],
  web: ["core", "db", "jobs", "outbound"],
  worker: ["core", "db", "jobs", "outbound"],
  // Journeys drive the app through the browser; they may compute expected numbers with core and
  // serve a model to it with outbound's test inference server (a real V2 server on loopback).
  e2e: ["core", "outbound"],
};

export interface Violation {
  file: string;
  line: number;
  message: string;
}

const SKIP_DIRS = new Set([
  "node_modules",
  ".next",
  ".next-test",
  "generated",
  "dist",
  ".turbo",
  "test-results",
  "playwright-report",
]);
const SOURCE = /\.(ts|tsx|mts|js|mjs)$/;
// import/export ... from "x", import("x"), require("x"), bare import "x"
const SPECIFIER =
  /(?:^|[^\w$.])(import|export)\s+(type\s+)?(?:[\w*{}\s,$]+?\s+from\s+)?["']([^"']+)["']|(?:import|require)\(\s*["']([^"']+)["']\s*\)/g;

function* sourceFiles(dir: string): Generator<string> {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of entries) {
    if (SKIP_DIRS.has(name)) continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) yield* sourceFiles(full);
    else if (SOURCE.test(name)) yield full;
  }
}

function workspaceOfPath(root: string, absolute: string): Workspace | undefined {
  const rel = path.relative(root, absolute).split(path.sep).join("/");
  return (Object.keys(WORKSPACE_DIRS) as Workspace[]).find(
    (ws) => rel === WORKSPACE_DIRS[ws] || rel.startsWith(`${WORKSPACE_DIRS[ws]}/`),
  );
}

function targetOf(
  root: string,
  ws: Workspace,
  file: string,
  specifier: string,
): { workspace?: Workspace; absolute?: string } {
  const scoped = /^@fieldtest\/([\w-]+)/.exec(specifier);
  if (scoped) return { workspace: scoped[1] as Workspace };
  // "~/" is the web app's alias for its own src/ (apps/web/tsconfig.json).
  const absolute = specifier.startsWith(".")
    ? path.resolve(path.dirname(file), specifier)
    : specifier.startsWith("~/")
      ? path.join(root, WORKSPACE_DIRS[ws], "src", specifier.slice(2))
      : undefined;
  return absolute ? { workspace: workspaceOfPath(root, absolute), absolute } : {};
}

export function checkImports(root: string): Violation[] {
  const violations: Violation[] = [];
  for (const ws of Object.keys(WORKSPACE_DIRS) as Workspace[]) {
    for (const file of sourceFiles(path.join(root, WORKSPACE_DIRS[ws]))) {
      const text = readFileSync(file, "utf8");
      const isClient = /^\s*["']use client["']/.test(text);
      const rel = path.relative(root, file).split(path.sep).join("/");
      for (const match of text.matchAll(SPECIFIER)) {
        const typeOnly = Boolean(match[2]);
        const specifier = match[3] ?? match[4] ?? "";
        const line = text.slice(0, match.index).split("\n").length;
        const target = targetOf(root, ws, file, specifier);
        if (target.workspace && target.workspace !== ws) {
          if (!(target.workspace in WORKSPACE_DIRS)) {
            violations.push({ file: rel, line, message: `unknown workspace package "${specifier}"` });
          } else if (!ALLOWED[ws].includes(target.workspace)) {
            violations.push({ file: rel, line, message: `${ws} must not import ${target.workspace} ("${specifier}")` });
          }
        }
        if (isClient && !typeOnly) {
          const serverPackage =
            target.workspace === "db" || target.workspace === "jobs" || target.workspace === "outbound";
          const serverFile = target.absolute?.split(path.sep).includes("server") ?? false;
          if (serverPackage || serverFile) {
            violations.push({
              file: rel,
              line,
              message: `browser code may only import server code as types ("${specifier}"; use "import type")`,
            });
          }
        }
      }
    }
  }
  return violations;
}
