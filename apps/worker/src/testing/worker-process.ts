import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { waitFor } from "./wait-for.ts";

const WORKER_DIR = fileURLToPath(new URL("../..", import.meta.url));

export interface LogEvent {
  event: string;
  [field: string]: unknown;
}

export interface WorkerProcess {
  pid: number;
  /** Every JSON log line the process wrote so far. */
  events: LogEvent[];
  /** Everything the process wrote, for failure messages. */
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  waitForEvent(event: string, match?: (e: LogEvent) => boolean, timeoutMs?: number): Promise<LogEvent>;
  /** Sends `signal` to the worker, as a process manager stopping it would. */
  signal(signal: NodeJS.Signals): void;
  /** SIGKILLs the worker's whole process group: a crash, nothing runs after it. */
  crash(): void;
}

/**
 * Starts the real worker, src/main.ts with tsx as the TypeScript loader, in its own process group.
 * `node --import tsx` rather than the `tsx` command: the command runs the script in a child
 * process and SIGKILLs it when it does not acknowledge a relayed SIGTERM within 30 ms, which
 * a worker busy computing (or compiling Prisma's query engine at start) cannot do — graceful
 * shutdown would then depend on luck.
 */
export function spawnWorkerProcess(env: NodeJS.ProcessEnv): WorkerProcess {
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: WORKER_DIR,
    env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error("the worker process did not start");
  const events: LogEvent[] = [];
  let text = "";
  let partial = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    text += chunk.toString();
    const lines = (partial + chunk.toString()).split("\n");
    partial = lines.pop() ?? "";
    for (const line of lines) {
      try {
        events.push(JSON.parse(line) as LogEvent);
      } catch {
        // not a log event (e.g. a stack trace); kept in output()
      }
    }
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    text += chunk.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on("exit", (code, signal) => resolve({ code, signal }));
  });

  return {
    pid,
    events,
    output: () => text,
    exited,
    waitForEvent: (event, match = () => true, timeoutMs = 30_000) =>
      waitFor(`worker event "${event}"`, () => events.find((e) => e.event === event && match(e)), { timeoutMs }),
    signal: (signal) => child.kill(signal),
    crash: () => {
      try {
        process.kill(-pid, "SIGKILL");
      } catch {
        // already gone
      }
    },
  };
}
