import { rm } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

vi.mock("server-only", () => ({}));
const testEnv = await vi.hoisted(async () => {
  const { applyIntegrationEnv } = await import("./testing/int-env");
  return applyIntegrationEnv();
});

import { defaultPolicy } from "@fieldtest/core";
import { getDb } from "@fieldtest/db";
import { closeQueues } from "@fieldtest/jobs";
import {
  callerFor,
  cleanUp,
  createTeam,
  createUser,
  failure,
  migrateTestDatabase,
  type TestUser,
} from "./testing/fixtures";
import { errorField } from "./trpc";

const db = getDb();
let admin: TestUser;
let member: TestUser;
let outsider: TestUser;
let team: { id: string };
let otherTeam: { id: string };

beforeAll(async () => {
  migrateTestDatabase(testEnv.databaseUrl);
  admin = await createUser("policy-admin");
  member = await createUser("policy-member");
  outsider = await createUser("policy-outsider");
  team = await createTeam("Policies", [
    { user: admin, role: "admin" },
    { user: member, role: "member" },
  ]);
  otherTeam = await createTeam("Other policies", [{ user: outsider, role: "admin" }]);
}, 120_000);

afterAll(async () => {
  await cleanUp(
    [team?.id, otherTeam?.id].filter(Boolean) as string[],
    [admin, member, outsider].filter(Boolean).map((u) => u.id),
  );
  await closeQueues();
  await db.$disconnect();
  await rm(testEnv.storageDir, { recursive: true, force: true });
});

const GATE = {
  id: "benchmark-auc",
  kind: "metric",
  source: "benchmark",
  metric: "roc_auc",
  comparator: ">=",
  threshold: 0.75,
  confidenceLevel: 0.95,
  minN: 200,
};

describe("policy procedures", () => {
  it("shows the default until an admin saves a version; members read but cannot save", async () => {
    const asMember = await callerFor(member);
    const before = await asMember.policy.forTeam({ teamId: team.id, task: "binary_classification" });
    expect(before).toMatchObject({ isDefault: true, canEdit: false, versions: [] });
    expect(before.current.policy).toEqual(defaultPolicy("binary_classification"));
    expect(before.current.gates[0]?.words).toBeTruthy();

    const denied = await failure(
      asMember.policy.save({ teamId: team.id, task: "binary_classification", policy: { gates: [GATE] } }),
    );
    expect(denied.code).toBe("FORBIDDEN");

    const asAdmin = await callerFor(admin);
    const bad = await failure(asAdmin.policy.save({ teamId: team.id, task: "regression", policy: { gates: [GATE] } }));
    expect([bad.code, errorField(bad)]).toEqual(["BAD_REQUEST", "policy.gates.0.metric"]);
    expect(
      await asAdmin.policy.save({
        teamId: team.id,
        task: "binary_classification",
        policy: { gates: [GATE] },
        note: "v1",
      }),
    ).toMatchObject({ version: 1 });
    const after = await asMember.policy.forTeam({ teamId: team.id, task: "binary_classification" });
    expect(after).toMatchObject({ isDefault: false, versions: [{ version: 1, note: "v1" }] });

    const model = await asMember.model.create({ teamId: team.id, name: "policy-model", task: "binary_classification" });
    expect((await asMember.policy.forModel({ modelId: model.id })).effective.source).toMatchObject({
      kind: "team",
      version: 1,
    });
    await asAdmin.policy.save({ teamId: team.id, modelId: model.id, policy: { gates: [{ ...GATE, threshold: 0.9 }] } });
    const forModel = await asMember.policy.forModel({ modelId: model.id });
    expect(forModel.effective.source).toMatchObject({ kind: "model", version: 1 });
    expect(forModel.effective.gates[0]?.words).toContain("0.9");
  });

  it("keeps other teams out: not found, nothing saved", async () => {
    const asOutsider = await callerFor(outsider);
    const model = await (await callerFor(member)).model.create({
      teamId: team.id,
      name: "private",
      task: "regression",
    });
    expect((await failure(asOutsider.policy.forTeam({ teamId: team.id, task: "regression" }))).code).toBe("NOT_FOUND");
    expect((await failure(asOutsider.policy.forModel({ modelId: model.id }))).code).toBe("NOT_FOUND");
    expect(
      (
        await failure(
          asOutsider.policy.save({
            teamId: team.id,
            task: "regression",
            policy: { gates: [{ ...GATE, metric: "r2" }] },
          }),
        )
      ).code,
    ).toBe("NOT_FOUND");
    expect(
      (await failure(asOutsider.policy.save({ teamId: otherTeam.id, modelId: model.id, policy: null }))).code,
    ).toBe("NOT_FOUND");
    expect(await db.readinessPolicy.count({ where: { modelId: model.id } })).toBe(0);
  });
});
