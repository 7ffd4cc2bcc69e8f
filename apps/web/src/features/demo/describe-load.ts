/** What the demo-load banner says; pure, so it is tested without a browser. */

export interface LoadProgress {
  step: string;
  stepNumber: number;
  steps: number;
  done: number;
  total: number;
  unit: string;
}

/** 1234567 → "1.2 M", 3000000 → "3 M", 502222 → "502 k", 9500 → "9,500". */
export function formatQuantity(n: number): string {
  if (n >= 1_000_000) {
    const millions = n / 1_000_000;
    return `${Number.isInteger(Math.round(millions * 10) / 10) ? Math.round(millions) : millions.toFixed(1)} M`;
  }
  if (n >= 10_000) return `${Math.round(n / 1_000)} k`;
  return n.toLocaleString("en-US");
}

/** Whole percent of the step done, 0–100 (0 when the total is not known yet). */
export function percentOf(progress: LoadProgress | null): number {
  if (!progress || progress.total <= 0) return 0;
  return Math.max(0, Math.min(100, Math.floor((progress.done / progress.total) * 100)));
}

/** "Loading the flight-delay story at full scale: 1.2 M of 3 M flights (40%) — step 1 of 7: reading flights". */
export function describeLoad(progress: LoadProgress | null): string {
  const lead = "Loading the flight-delay story at full scale";
  if (!progress) return `${lead}: waiting for the worker`;
  return (
    `${lead}: ${formatQuantity(progress.done)} of ${formatQuantity(progress.total)} ${progress.unit} ` +
    `(${percentOf(progress)}%) — step ${progress.stepNumber} of ${progress.steps}: ${progress.step}`
  );
}
