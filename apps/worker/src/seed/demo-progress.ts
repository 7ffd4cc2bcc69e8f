import type { Db } from "@fieldtest/db";
import { DEMO_TEAM } from "./demo-content.ts";

/** How far the worker has taken the demo story: its runs, shadow scorings and readiness verdicts. */
export interface DemoProgress {
  runs: { done: number; total: number };
  shadow: { scored: number; total: number };
  verdicts: { judged: number; total: number };
}

/** Ready when every run finished, every shadow evaluation has a snapshot and every live version a verdict. */
export function demoStoryReady(p: DemoProgress): boolean {
  return (
    p.runs.total > 0 &&
    p.runs.done === p.runs.total &&
    p.shadow.scored === p.shadow.total &&
    p.verdicts.judged === p.verdicts.total
  );
}

export function describeDemoProgress(p: DemoProgress): string {
  return (
    `${p.runs.done} of ${p.runs.total} benchmark runs done, ${p.shadow.scored} of ${p.shadow.total} shadow ` +
    `evaluations scored, ${p.verdicts.judged} of ${p.verdicts.total} live versions judged`
  );
}

/** Reads the demo team's progress (three counting queries); null when the demo is not seeded. */
export async function readDemoProgress(db: Db): Promise<DemoProgress | null> {
  const team = await db.team.findUnique({ where: { slug: DEMO_TEAM.slug }, select: { id: true } });
  if (!team) return null;
  const teamId = team.id;
  const [runsTotal, runsDone, shadowTotal, shadowScored, live, judged] = await Promise.all([
    db.evaluationRun.count({ where: { teamId } }),
    db.evaluationRun.count({ where: { teamId, status: { in: ["succeeded", "failed", "cancelled"] } } }),
    db.shadowEvaluation.count({ where: { teamId } }),
    db.shadowEvaluation.count({ where: { teamId, snapshotCount: { gt: 0 } } }),
    db.modelVersion.count({ where: { model: { teamId }, stage: { not: "retired" } } }),
    db.modelVersion.count({
      where: { model: { teamId }, stage: { not: "retired" }, readinessReports: { some: {} } },
    }),
  ]);
  return {
    runs: { done: runsDone, total: runsTotal },
    shadow: { scored: shadowScored, total: shadowTotal },
    verdicts: { judged, total: live },
  };
}
