import "server-only";
import { logEvent } from "./log";

/** How long one dependency may take to answer a health check. */
export const HEALTH_CHECK_TIMEOUT_MS = 1_500;

export interface HealthCheck {
  name: string;
  check: () => PromiseLike<unknown>;
}

export interface HealthReport {
  status: "ok" | "unavailable";
  live: true;
  ready: boolean;
  /** FIELDTEST_CODE_VERSION: which code answers; nothing about the dependencies' versions. */
  version: string;
  checks: Record<string, { ok: boolean; ms: number; error?: "timeout" | "unavailable" }>;
}

// Failures are logged when the set of failing checks changes, not on every probe.
const globalForHealth = globalThis as unknown as { fieldtestHealthFailing?: string };

/**
 * Liveness (this process answers) and readiness (every check passes within `timeoutMs`).
 * The response names a failing dependency and whether it timed out, never its error: the
 * endpoint is public, and the error (with addresses) goes to the server log.
 */
export async function checkHealth(options: {
  checks: readonly HealthCheck[];
  version: string;
  timeoutMs?: number;
}): Promise<HealthReport> {
  const timeoutMs = options.timeoutMs ?? HEALTH_CHECK_TIMEOUT_MS;
  const failures: Record<string, string> = {};
  const results = await Promise.all(
    options.checks.map(async ({ name, check }): Promise<[string, HealthReport["checks"][string]]> => {
      const started = performance.now();
      const ms = () => Math.round(performance.now() - started);
      let timer: NodeJS.Timeout | undefined;
      const answer = Promise.resolve(check());
      answer.catch(() => {});
      try {
        const outcome = await Promise.race([
          answer.then(() => "ok" as const),
          new Promise<"timeout">((resolve) => {
            timer = setTimeout(() => resolve("timeout"), timeoutMs);
          }),
        ]);
        if (outcome === "timeout") failures[name] = `no answer within ${timeoutMs} ms`;
        return [name, outcome === "ok" ? { ok: true, ms: ms() } : { ok: false, ms: ms(), error: "timeout" }];
      } catch (err) {
        failures[name] = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
        return [name, { ok: false, ms: ms(), error: "unavailable" }];
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  const ready = results.every(([, r]) => r.ok);
  const failing = Object.keys(failures).sort().join(",");
  if (failing !== (globalForHealth.fieldtestHealthFailing ?? "")) {
    if (failing) logEvent("error", "health.unavailable", { failures });
    else logEvent("info", "health.recovered", {});
    globalForHealth.fieldtestHealthFailing = failing;
  }
  return {
    status: ready ? "ok" : "unavailable",
    live: true,
    ready,
    version: options.version,
    checks: Object.fromEntries(results),
  };
}
