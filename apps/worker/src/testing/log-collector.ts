import type { Log } from "../log.ts";
import type { LogEvent } from "./worker-process.ts";

/** A Log that keeps its events in memory, for in-process worker tests. */
export function collectLog(): { log: Log; events: LogEvent[]; of: (event: string, runId: string) => LogEvent[] } {
  const events: LogEvent[] = [];
  return {
    log: (event, fields = {}) => {
      events.push({ ...fields, event });
    },
    events,
    of: (event, runId) => events.filter((e) => e.event === event && e.runId === runId),
  };
}
