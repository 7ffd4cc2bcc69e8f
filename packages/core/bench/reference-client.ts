// Talks to `reference.py serve`: one JSON command per line in, one JSON answer per line out.
// The Python process stays up for the whole run, so imports are paid once and the
// TypeScript and Python repetitions of a row can alternate.
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { createInterface } from "node:readline";

export interface ReferenceRun {
  seconds: number;
  /** time.process_time() over the same span. */
  cpuSeconds: number;
  value: number;
  extra: Record<string, unknown>;
}

interface Answer {
  ok: boolean;
  error?: string;
  seconds?: number;
  cpu_seconds?: number;
  value?: number;
  extra?: Record<string, unknown>;
}

export class ReferenceClient {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly waiting: ((answer: Answer) => void)[] = [];
  private exited: string | null = null;

  constructor(python: string, script: string) {
    this.child = spawn(python, [script, "serve"], { stdio: ["pipe", "pipe", "pipe"] });
    this.child.stderr.on("data", (chunk: Buffer) => process.stderr.write(chunk));
    createInterface({ input: this.child.stdout }).on("line", (line) => {
      this.waiting.shift()?.(JSON.parse(line) as Answer);
    });
    this.child.on("exit", (code, signal) => {
      this.exited = `reference.py exited (${signal ?? code})`;
      for (const resolve of this.waiting.splice(0)) resolve({ ok: false, error: this.exited });
    });
  }

  private request(command: Record<string, unknown>): Promise<Answer> {
    if (this.exited !== null) return Promise.reject(new Error(this.exited));
    return new Promise((resolve, reject) => {
      this.waiting.push((answer) => (answer.ok ? resolve(answer) : reject(new Error(`reference.py: ${answer.error}`))));
      this.child.stdin.write(`${JSON.stringify(command)}\n`);
    });
  }

  async load(name: string, files: Record<string, string>): Promise<void> {
    await this.request({ op: "load", name, files });
  }

  /** One timed run of a case of reference.py on a loaded data set (or none, for the CSV case). */
  async run(caseName: string, data: string | null, params: Record<string, unknown> = {}): Promise<ReferenceRun> {
    const answer = await this.request({ op: "run", case: caseName, data, params });
    return {
      seconds: answer.seconds as number,
      cpuSeconds: answer.cpu_seconds as number,
      value: answer.value as number,
      extra: answer.extra ?? {},
    };
  }

  close(): void {
    this.child.stdin.end();
  }
}
