"use client";

import { useEffect, useState } from "react";
import { LocalTime } from "./local-time";

const relative = new Intl.RelativeTimeFormat("en", { numeric: "auto" });

/** "5 minutes ago" / "in 2 hours" between two instants (the browser's clock). */
export function relativeLabel(value: Date | string, now: number): string {
  const seconds = Math.round((new Date(value).getTime() - now) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 45) return relative.format(0, "second");
  if (abs < 3600) return relative.format(Math.round(seconds / 60), "minute");
  if (abs < 86_400) return relative.format(Math.round(seconds / 3600), "hour");
  return relative.format(Math.round(seconds / 86_400), "day");
}

/**
 * A timestamp in the viewer's zone (LocalTime) followed by a relative label that refreshes every
 * 30 s; the label appears after hydration, so server and client render the same first.
 */
export function TimeWithRelative({ value }: { value: Date | string }) {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  return (
    <span>
      <LocalTime value={value} />
      {now !== null && <span className="ml-1 text-xs text-muted-foreground">({relativeLabel(value, now)})</span>}
    </span>
  );
}
