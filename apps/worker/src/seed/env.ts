import { z } from "zod";

const schema = z.object({
  /** Recorded on every EvaluationRun the seed creates (a git sha in CI, "dev" locally). */
  FIELDTEST_CODE_VERSION: z.string().trim().min(1).max(200).default("dev"),
  /** "off": the seed does not enqueue the flight-delay story's full-scale background load (tests, CI). */
  FIELDTEST_DEMO_FULL_SCALE: z.enum(["on", "off"]).default("on"),
  /** How long `npm start` waits for the demo story before it prints the address anyway. */
  FIELDTEST_DEMO_WAIT_SECONDS: z.coerce.number().int().min(0).max(3600).default(240),
});

export interface SeedEnv {
  codeVersion: string;
  /** Enqueue the flight-delay story's full-scale load after seeding. */
  fullScale: boolean;
  /** Seconds `npm start` waits for the demo story (wait-cli). */
  waitSeconds: number;
}

let cached: SeedEnv | undefined;

/** Settings of the demo seed, validated once per process (DATABASE_URL etc. belong to the packages' env modules). */
export function seedEnv(): SeedEnv {
  if (cached) return cached;
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid environment: ${problems}`);
  }
  cached = {
    codeVersion: parsed.data.FIELDTEST_CODE_VERSION,
    fullScale: parsed.data.FIELDTEST_DEMO_FULL_SCALE !== "off",
    waitSeconds: parsed.data.FIELDTEST_DEMO_WAIT_SECONDS,
  };
  return cached;
}
