/** Plain words for a schedule's cadence and target, as the schedules table shows them. */

const UNITS: [seconds: number, name: string][] = [
  [24 * 60 * 60, "day"],
  [60 * 60, "hour"],
  [60, "minute"],
  [1, "second"],
];

/** "every 30 seconds", "every 2 hours", "every 90 seconds" (the largest unit that divides it). */
export function describeInterval(seconds: number): string {
  const [size, name] = UNITS.find(([size]) => seconds % size === 0) ?? [1, "second"];
  const count = seconds / size;
  return count === 1 ? `every ${name}` : `every ${count} ${name}s`;
}

/** "every 30 seconds", or "cron 0 6 * * * (UTC)". */
export function describeCadence(cadence: {
  cron: string | null;
  everySeconds: number | null;
  timezone: string;
}): string {
  if (cadence.cron) return `cron ${cadence.cron} (${cadence.timezone})`;
  if (cadence.everySeconds) return describeInterval(cadence.everySeconds);
  return "no cadence";
}

/** "churn 1.2.0", "churn · production version", "churn · each candidate version". */
export function describeTarget(schedule: {
  modelVersion: { version: string; model: { name: string } } | null;
  model: { name: string } | null;
  stageAlias: string | null;
}): string {
  if (schedule.modelVersion) return `${schedule.modelVersion.model.name} ${schedule.modelVersion.version}`;
  const model = schedule.model?.name ?? "(deleted model)";
  if (schedule.stageAlias === "production") return `${model} · production version`;
  if (schedule.stageAlias === "candidates") return `${model} · each candidate version`;
  return `${model} · ${schedule.stageAlias ?? "?"}`;
}
