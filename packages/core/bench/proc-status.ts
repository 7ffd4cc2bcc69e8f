// Peak resident memory of this process over a baseline, from /proc/self/status.
import { readFileSync, writeFileSync } from "node:fs";

function statusBytes(field: "VmRSS" | "VmHWM"): number {
  const line = readFileSync("/proc/self/status", "utf8")
    .split("\n")
    .find((l) => l.startsWith(`${field}:`));
  if (line === undefined) throw new Error(`${field} missing from /proc/self/status`);
  return Number.parseInt(line.split(/\s+/)[1] as string, 10) * 1024;
}

export interface PeakProbe {
  baseline: number;
  method: string;
  /** Peak RSS since the probe started (bytes). */
  peak(): number;
}

/**
 * Resets the kernel's high-water mark (VmHWM) to the current RSS by writing 5 to
 * /proc/self/clear_refs and takes the current RSS as the baseline. Where the reset is
 * refused, the peak is process.resourceUsage().maxRSS since process start (an upper bound).
 */
export function startPeakProbe(): PeakProbe {
  let reset = true;
  try {
    writeFileSync("/proc/self/clear_refs", "5");
  } catch {
    reset = false;
  }
  const baseline = statusBytes("VmRSS");
  return {
    baseline,
    method: reset ? "VmHWM after clear_refs" : "maxRSS since process start",
    peak: () => (reset ? statusBytes("VmHWM") : process.resourceUsage().maxRSS * 1024),
  };
}
