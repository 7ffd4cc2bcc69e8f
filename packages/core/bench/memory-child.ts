// Child process of row 5: loads the columns, then reports the peak RSS of binaryEvaluation
// over the RSS just before it. Run: node --expose-gc --import tsx memory-child.ts LABELS SCORES
import { binaryEvaluation } from "@fieldtest/core";
import { readFloat64 } from "./column-files.ts";
import { startPeakProbe } from "./proc-status.ts";

const [labelsPath, scoresPath, threshold = "0.5"] = process.argv.slice(2);
if (labelsPath === undefined || scoresPath === undefined) {
  process.stderr.write("usage: memory-child.ts LABELS SCORES [THRESHOLD]\n");
  process.exit(2);
}
const labels = readFloat64(labelsPath);
const scores = readFloat64(scoresPath);
(globalThis as { gc?: () => void }).gc?.();
const probe = startPeakProbe();
const result = binaryEvaluation(labels, scores, { threshold: Number(threshold) });
const peak = probe.peak();
process.stdout.write(
  `${JSON.stringify({ baseline: probe.baseline, peak, method: probe.method, value: result.metrics.roc_auc })}\n`,
);
