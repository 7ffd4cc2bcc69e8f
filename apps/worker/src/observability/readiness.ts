import { errorMessage } from "../log.ts";
import { withTimeout } from "./with-timeout.ts";

/** One dependency the worker cannot work without; `check` resolves when it answers. */
export interface ReadinessCheck {
  name: string;
  check: () => PromiseLike<unknown>;
}

export interface CheckResult {
  ok: boolean;
  ms: number;
  /** Why it failed (name and message, no stack). */
  error?: string;
}

export interface Readiness {
  ready: boolean;
  checks: Record<string, CheckResult>;
}

/** Runs every check at once, each bounded by `timeoutMs`; ready when all pass. */
export async function checkReadiness(checks: readonly ReadinessCheck[], timeoutMs: number): Promise<Readiness> {
  const results = await Promise.all(
    checks.map(async ({ name, check }): Promise<[string, CheckResult]> => {
      const started = performance.now();
      const ms = () => Math.round(performance.now() - started);
      try {
        await withTimeout(check(), timeoutMs, name);
        return [name, { ok: true, ms: ms() }];
      } catch (err) {
        return [name, { ok: false, ms: ms(), error: errorMessage(err) }];
      }
    }),
  );
  return { ready: results.every(([, r]) => r.ok), checks: Object.fromEntries(results) };
}
