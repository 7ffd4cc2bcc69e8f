import "server-only";
import { SHADOW_CALL_STATUS } from "@fieldtest/core";
import { type Db, loadShadowWindow, shadowWindowColumns } from "@fieldtest/db";

/** Which snapshot's rows a look used (written by the worker beside the core's result). */
interface LabelledAsOf {
  scoredAt: string;
  windowFrom: string | null;
  windowTo: string;
}

/** A CSV cell: quoted when it holds a comma, quote or line break. */
function cell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/**
 * The matched, labelled rows the evaluation's current metrics were computed on (those of its
 * last look: the latest snapshot's `labelledAsOf`), as CSV, in the same order: `event_id,event_time,label`, then one
 * prediction column per version: `champion`, `challenger_1`, … (multiclass: `champion:<class>`
 * per class). `fieldtest evaluate rows.csv --label label --score challenger_1` recomputes a
 * version's metrics. Null when the team has no such evaluation; a header only before the first
 * look.
 */
export async function shadowRowsCsv(db: Db, teamId: string, id: string): Promise<string | null> {
  const evaluation = await db.shadowEvaluation.findFirst({
    where: { id, teamId },
    include: {
      versions: { orderBy: { position: "asc" } },
      snapshots: { orderBy: { sequence: "desc" }, take: 1 },
    },
  });
  if (!evaluation) return null;
  const champion = await db.modelVersion.findUniqueOrThrow({
    where: { id: evaluation.championVersionId },
    select: { model: { select: { task: true } } },
  });
  const task = champion.model.task;
  const names = evaluation.versions.map((v) => (v.role === "champion" ? "champion" : `challenger_${v.position}`));
  const asOf = (evaluation.snapshots[0]?.result as { labelledAsOf?: LabelledAsOf | null } | undefined)?.labelledAsOf;
  if (!asOf) return `${["event_id", "event_time", "label", ...names].join(",")}\n`;

  const window = await loadShadowWindow({
    db,
    teamId,
    versions: evaluation.versions.map((v) => ({ modelVersionId: v.modelVersionId, role: v.role })),
    from: asOf.windowFrom ? new Date(asOf.windowFrom) : null,
    to: new Date(asOf.windowTo),
    receivedBy: new Date(asOf.scoredAt),
  });
  const columns = shadowWindowColumns(window, task);
  const classes = columns.classes ?? [];
  const K = classes.length;
  const header = ["event_id", "event_time", "label"];
  for (const name of names) {
    if (task === "multiclass_classification") for (const c of classes) header.push(`${name}:${c}`);
    else header.push(name);
  }
  const lines = [header.map(cell).join(",")];
  const n = window.eventIds.length;
  for (let i = 0; i < n; i++) {
    if (!columns.versions.every((v) => v.status[i] === SHADOW_CALL_STATUS.ok)) continue;
    const y = columns.labels[i] as number;
    const labelled = task === "multiclass_classification" ? y >= 0 : !Number.isNaN(y);
    if (!labelled) continue;
    const row = [
      cell(window.eventIds[i] as string),
      new Date(window.eventTimeMs[i] as number).toISOString(),
      task === "multiclass_classification" ? cell(classes[y] as string) : String(y),
    ];
    for (const v of columns.versions) {
      if (task === "multiclass_classification") {
        for (let k = 0; k < K; k++) row.push(String(v.predictions[i * K + k]));
      } else {
        row.push(String(v.predictions[i]));
      }
    }
    lines.push(row.join(","));
  }
  return `${lines.join("\n")}\n`;
}
