import type { Db } from "@fieldtest/db";
import { DEMO_TEAM } from "./demo-content.ts";

/** How far the worker has taken the demo story: its runs, shadow scorings and readiness verdicts. */
export interface DemoProgress {
  runs: { done: number; total: number };
  shadow: { scored: number; total: number };
  verdicts: { judged: number; total: number };
}

/** Shadow evaluations the seeded stories start: New York's, and the flight sample's (created once its runs are over). */
export const DEMO_SHADOW_EVALUATIONS = 2;

/**
 * Ready when every run finished, both stories' shadow evaluations exist and have a snapshot, and
 * every live version that can be judged (it has a succeeded benchmark run) has a verdict.
 */
export function demoStoryReady(p: DemoProgress): boolean {
  return (
    p.runs.total > 0 &&
    p.runs.done === p.runs.total &&
    p.shadow.total >= DEMO_SHADOW_EVALUATIONS &&
    p.shadow.scored === p.shadow.total &&
    p.verdicts.judged === p.verdicts.total
  );
}

export function describeDemoProgress(p: DemoProgress): string {
  return (
    `${p.runs.done} of ${p.runs.total} benchmark runs done, ${p.shadow.scored} of ${p.shadow.total} shadow ` +
    `evaluations scored, ${p.verdicts.judged} of ${p.verdicts.total} judgeable versions judged`
  );
}

/** Reads the demo team's progress (three counting queries); null when the demo is not seeded. */
export async function readDemoProgress(db: Db): Promise<DemoProgress | null> {
  const team = await db.team.findUnique({ where: { slug: DEMO_TEAM.slug }, select: { id: true } });
  if (!team) return null;
  const teamId = team.id;
  const judgeable = {
    model: { teamId },
    stage: { not: "retired" as const },
    runs: { some: { kind: "benchmark" as const, status: "succeeded" as const } },
  };
  const [runsTotal, runsDone, shadowTotal, shadowScored, live, judged] = await Promise.all([
    db.evaluationRun.count({ where: { teamId } }),
    db.evaluationRun.count({ where: { teamId, status: { in: ["succeeded", "failed", "cancelled"] } } }),
    db.shadowEvaluation.count({ where: { teamId } }),
    db.shadowEvaluation.count({ where: { teamId, snapshotCount: { gt: 0 } } }),
    // Versions the sweeper judges: live, with a succeeded benchmark run.
    db.modelVersion.count({ where: judgeable }),
    db.modelVersion.count({ where: { ...judgeable, readinessReports: { some: {} } } }),
  ]);
  return {
    runs: { done: runsDone, total: runsTotal },
    shadow: { scored: shadowScored, total: shadowTotal },
    verdicts: { judged, total: live },
  };
}
