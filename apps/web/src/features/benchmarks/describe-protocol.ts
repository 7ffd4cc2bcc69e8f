import { type BenchmarkProtocol, type ProtocolSplit, protocolSplitSchema } from "@fieldtest/core";

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** A split in a few words ("temporal, cutoff 2024-02-15"); "—" for a stored value that is not a split. */
export function describeSplit(split: unknown): string {
  const parsed = protocolSplitSchema.safeParse(split);
  if (!parsed.success) return "—";
  return splitWords(parsed.data);
}

function splitWords(split: ProtocolSplit): string {
  if (split.kind === "random") return `random, test ${split.testFraction}`;
  if (split.kind === "temporal") return `temporal, cutoff ${split.cutoff}`;
  const test = "rows" in split.testWindow ? plural(split.testWindow.rows, "row") : plural(split.testWindow.days, "day");
  const train =
    split.trainWindow === "expanding" ? "expanding train" : `${plural(split.trainWindow.days, "day")} train`;
  const gap = split.gap.days > 0 ? `, gap ${plural(split.gap.days, "day")}` : "";
  return `rolling, ${plural(split.folds, "fold")} of ${test}, ${train}${gap}`;
}

/** The protocol as label → text rows, in the form's order (for the benchmark page). */
export function describeProtocol(protocol: BenchmarkProtocol): { label: string; value: string }[] {
  const { costs, holdout, confidence } = protocol;
  return [
    { label: "Task", value: protocol.task.replaceAll("_", " ") },
    { label: "Split", value: splitWords(protocol.split) },
    { label: "Seed", value: String(protocol.seed) },
    { label: "Metrics", value: protocol.metrics.join(", ") },
    ...(protocol.threshold !== undefined ? [{ label: "Threshold", value: String(protocol.threshold) }] : []),
    { label: "Slices", value: protocol.sliceColumns.length > 0 ? protocol.sliceColumns.join(", ") : "none" },
    {
      label: "Decision costs",
      value: costs
        ? `fp ${costs.fp} · fn ${costs.fn} · tp ${costs.tp ?? 0} · tn ${costs.tn ?? 0} per decision`
        : "none",
    },
    {
      label: "Confidence",
      value:
        confidence.resamples === 0
          ? "no intervals"
          : `${Math.round(confidence.level * 1000) / 10}% bootstrap intervals, ${confidence.resamples.toLocaleString("en-US")} resamples`,
    },
    {
      label: "Hidden holdout",
      value: holdout
        ? `${holdout.fraction * 100}% of the test rows, ${plural(holdout.queryBudget, "query")} budget, ${holdout.mechanism}`
        : "none",
    },
    {
      label: "Stress scenarios",
      value:
        protocol.stress.length > 0
          ? protocol.stress.map((s) => `${s.name} (${s.perturbations.map((p) => p.kind).join(" → ")})`).join("; ")
          : "none",
    },
  ];
}
