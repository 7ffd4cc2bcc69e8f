import { getDb } from "@fieldtest/db";
import { type DemoProgress, demoStoryReady, describeDemoProgress, readDemoProgress } from "./demo-progress.ts";
import { seedEnv } from "./env.ts";

/**
 * `npm start`'s last line: follows the worker through the demo story (runs, shadow scorings,
 * readiness verdicts) and says when every page of it is filled in. Prints a line whenever the
 * progress changes; gives up quietly after FIELDTEST_DEMO_WAIT_SECONDS (default 240): the app is
 * already serving, this only tells the newcomer when to look.
 */
async function main(): Promise<number> {
  let limitMs: number;
  try {
    limitMs = seedEnv().waitSeconds * 1000;
  } catch (err) {
    console.error(`  ✗ ${(err as Error).message}`);
    return 1;
  }
  const db = getDb();
  const started = Date.now();
  let last = "";
  try {
    for (;;) {
      const progress: DemoProgress | null = await readDemoProgress(db);
      if (!progress) return 0;
      const line = describeDemoProgress(progress);
      if (demoStoryReady(progress)) {
        const seconds = Math.round((Date.now() - started) / 1000);
        console.log(`  ✓ The demo story is ready (${line}, ${seconds} s after start).`);
        return 0;
      }
      if (line !== last) console.log(`  … Preparing the demo story: ${line}.`);
      last = line;
      if (Date.now() - started > limitMs) {
        console.log("  The worker is still at it; pages fill in as it goes (runs and scorings show live progress).");
        return 0;
      }
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  } finally {
    await db.$disconnect();
  }
}

process.exit(await main());
