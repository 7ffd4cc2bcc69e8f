import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collectLog } from "../testing/log-collector.ts";
import { syntheticRows } from "../testing/synthetic-data.ts";
import { openWorkerTestContext, type WorkerTestContext } from "../testing/worker-test-context.ts";
import { sweepReadiness } from "./sweep-readiness.ts";

let ctx: WorkerTestContext;
const logs = collectLog();

beforeAll(async () => {
  ctx = await openWorkerTestContext("sweep-readiness");
}, 120_000);

afterAll(async () => {
  await ctx?.close();
});

const reports = (modelVersionId: string) => ctx.db.readinessReport.count({ where: { modelVersionId } });

describe("sweepReadiness", () => {
  it("judges a live version whose latest run finished after its latest report, once", async () => {
    const { run } = await ctx.createRun({ rows: syntheticRows(40), split: { kind: "random", testFraction: 0.5 } });
    const versionId = run.modelVersionId as string;
    // Queued: nothing to judge yet.
    expect((await sweepReadiness({ db: ctx.db, log: logs.log })).evaluated).not.toContain(versionId);
    await ctx.db.evaluationRun.update({ where: { id: run.id }, data: { status: "succeeded", finishedAt: new Date() } });
    expect((await sweepReadiness({ db: ctx.db, log: logs.log })).evaluated).toContain(versionId);
    expect(await reports(versionId)).toBe(1);
    // Judged since the run finished: left alone.
    expect((await sweepReadiness({ db: ctx.db, log: logs.log })).evaluated).not.toContain(versionId);
    expect(logs.events.some((e) => e.event === "readiness.evaluated" && e.modelVersionId === versionId)).toBe(true);
  });

  it("leaves retired versions alone", async () => {
    const { run } = await ctx.createRun({ rows: syntheticRows(40, 2), split: { kind: "random", testFraction: 0.5 } });
    const versionId = run.modelVersionId as string;
    await ctx.db.evaluationRun.update({ where: { id: run.id }, data: { status: "succeeded", finishedAt: new Date() } });
    await ctx.db.modelVersion.update({ where: { id: versionId }, data: { stage: "retired" } });
    expect((await sweepReadiness({ db: ctx.db, log: logs.log })).evaluated).not.toContain(versionId);
    expect(await reports(versionId)).toBe(0);
  });
});
