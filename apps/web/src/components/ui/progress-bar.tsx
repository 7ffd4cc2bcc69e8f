import { cn } from "./cn";

const FILL = {
  running: "bg-running",
  pass: "bg-pass",
  fail: "bg-fail",
  muted: "bg-muted-foreground",
} as const;

/**
 * A 0–100 progress bar: role=progressbar with aria-valuenow/min/max (e2e reads aria-valuenow),
 * named by the element `labelledBy` points at; the fill's width follows `percent`.
 */
export function ProgressBar({
  percent,
  labelledBy,
  testId,
  tone = "running",
  className,
}: {
  percent: number;
  labelledBy: string;
  testId: string;
  tone?: keyof typeof FILL;
  className?: string;
}) {
  return (
    <div
      role="progressbar"
      aria-labelledby={labelledBy}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
      data-testid={testId}
      className={cn(className, "h-2 overflow-hidden rounded-full bg-surface-muted")}
    >
      <div
        className={cn("h-full rounded-full", FILL[tone], "transition-[width] duration-500")}
        style={{ width: `${percent}%` }}
      />
    </div>
  );
}
