import { rm } from "node:fs/promises";
import { afterAll, describe, expect, it, vi } from "vitest";

vi.mock("server-only", () => ({}));
const testEnv = await vi.hoisted(async () => {
  const { applyIntegrationEnv } = await import("./testing/int-env");
  return applyIntegrationEnv();
});

import { TRPCError } from "@trpc/server";
import { appRouter } from "./root";
import { createCallerFactory, createTRPCRouter, teamProcedure } from "./trpc";

type AnyProcedure = { _def: { meta?: { policy?: { role?: unknown; scope?: unknown } } } };

afterAll(() => rm(testEnv.storageDir, { recursive: true, force: true }));

describe("access policies", () => {
  // The policy walk: every procedure of the app router declares who may call it.
  it("every procedure declares a policy", () => {
    const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, AnyProcedure>);
    expect(procedures.length).toBeGreaterThan(10);
    const missing = procedures
      .filter(([, p]) => {
        const policy = p._def.meta?.policy;
        return !policy || !["member", "reviewer", "admin"].includes(String(policy.role)) || policy.scope !== "team";
      })
      .map(([path]) => path);
    expect(missing, `procedures without a valid policy meta: ${missing.join(", ")}`).toEqual([]);
  });

  it("refuses to run a procedure without a policy, even for anonymous callers", async () => {
    const router = createTRPCRouter({ open: teamProcedure.query(() => "leaked") });
    const caller = createCallerFactory(router)({ db: undefined as never, session: null, headers: new Headers() });
    const err = await caller.open().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TRPCError);
    expect((err as TRPCError).code).toBe("INTERNAL_SERVER_ERROR");
    expect((err as TRPCError).message).toContain("declares no access policy");
  });
});
