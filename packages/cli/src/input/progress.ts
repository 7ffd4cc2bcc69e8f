/** Files at least this big get a progress bar (when stderr is a terminal). */
export const PROGRESS_MIN_BYTES = 32 * 1024 * 1024;

export interface ProgressTarget {
  write(text: string): void;
  isTTY: boolean;
}

export interface Progress {
  update(done: number): void;
  finish(): void;
}

const NO_PROGRESS: Progress = { update() {}, finish() {} };

/**
 * A one-line bar on stderr, redrawn in place at most every 100 ms and erased when done.
 * Off (a no-op) when the target is not a terminal or the work is small, so logs and
 * pipes never see control characters.
 */
export function createProgress(opts: {
  target: ProgressTarget;
  label: string;
  total: number;
  minTotal?: number;
  now?: () => number;
}): Progress {
  const { target, label, total } = opts;
  if (!target.isTTY || total < (opts.minTotal ?? PROGRESS_MIN_BYTES)) return NO_PROGRESS;
  const now = opts.now ?? (() => performance.now());
  let last = Number.NEGATIVE_INFINITY;
  let drawn = false;
  return {
    update(done) {
      const t = now();
      if (t - last < 100) return;
      last = t;
      drawn = true;
      target.write(`\r${renderBar(label, done, total)}`);
    },
    finish() {
      if (drawn) target.write("\r\x1b[K");
    },
  };
}

export function renderBar(label: string, done: number, total: number, width = 30): string {
  const fraction = total > 0 ? Math.min(1, Math.max(0, done / total)) : 1;
  const filled = Math.round(fraction * width);
  const percent = Math.floor(fraction * 100);
  const mb = (bytes: number) => (bytes / (1024 * 1024)).toFixed(0);
  return `${label} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${String(percent).padStart(3)}% ${mb(done)}/${mb(total)} MB`;
}

export interface StatusLine {
  show(text: string): void;
  clear(): void;
}

/** A one-line status on stderr ("bootstrap log_loss 3/11"), redrawn in place; silent unless a terminal. */
export function createStatusLine(target: ProgressTarget): StatusLine {
  if (!target.isTTY) return { show() {}, clear() {} };
  let drawn = false;
  return {
    show(text) {
      drawn = true;
      target.write(`\r\x1b[K${text}`);
    },
    clear() {
      if (drawn) target.write("\r\x1b[K");
      drawn = false;
    },
  };
}
