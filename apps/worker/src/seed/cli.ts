import { dbEnv, directoryStorage, getDb } from "@fieldtest/db";
import { closeQueues } from "@fieldtest/jobs";
import { describeSeedError } from "./describe-seed-error.ts";
import { seedEnv } from "./env.ts";
import { seedDemo } from "./seed-demo.ts";

/** `npm run db:seed`: seeds the demo portfolio once; exit code 1 with the reason on failure. */
async function main(): Promise<number> {
  const started = performance.now();
  const { codeVersion, fullScale } = seedEnv();
  const db = getDb();
  try {
    const result = await seedDemo({
      db,
      storage: directoryStorage(),
      codeVersion,
      fullScale,
      log: (line) => console.log(line),
    });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(
      result.seeded
        ? `demo seeded (version ${result.version}) in ${seconds} s`
        : `demo already seeded (version ${result.version})`,
    );
    return 0;
  } catch (err) {
    const known = describeSeedError(err, dbEnv().DATABASE_URL);
    // An unexpected failure is a bug: show all of it.
    console.error("seed failed:", known ?? err);
    return 1;
  } finally {
    await Promise.allSettled([db.$disconnect(), closeQueues()]);
  }
}

// Exit explicitly: a producer still retrying an unreachable Redis would keep the process alive.
process.exit(await main());
