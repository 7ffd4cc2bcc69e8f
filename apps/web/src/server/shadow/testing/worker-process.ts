import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

/**
 * The real worker (apps/worker/src/main.ts) as a child process of a web integration test. Apps
 * never import each other, so the worker is started by path, as a process manager would, with
 * `node --import tsx` (as the worker's own process tests do) in a process group of its own.
 */
const WORKER_DIR = fileURLToPath(new URL("../../../../../worker/", import.meta.url));

export interface WorkerLogEvent {
  event: string;
  [field: string]: unknown;
}

export interface WorkerProcess {
  pid: number;
  /** Every JSON log line the worker wrote so far. */
  events: WorkerLogEvent[];
  /** Everything the worker wrote, for failure messages. */
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILLs the worker's whole process group: a crash, nothing runs after it. */
  crash(): void;
}

export function spawnWorkerProcess(env: NodeJS.ProcessEnv): WorkerProcess {
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: WORKER_DIR,
    env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error("the worker process did not start");
  const events: WorkerLogEvent[] = [];
  let text = "";
  let partial = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    text += chunk.toString();
    const lines = (partial + chunk.toString()).split("\n");
    partial = lines.pop() ?? "";
    for (const line of lines) {
      try {
        events.push(JSON.parse(line) as WorkerLogEvent);
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
    crash: () => {
      try {
        process.kill(-pid, "SIGKILL");
      } catch {
        // already gone
      }
    },
  };
}
