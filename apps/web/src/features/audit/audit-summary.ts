/** An audit event's details in one readable line (the full JSON stays one click away). */
export function auditSummary(action: string, details: unknown): string {
  const d = (details && typeof details === "object" ? details : {}) as Record<string, unknown>;
  const text = (key: string) => (typeof d[key] === "string" ? (d[key] as string) : null);
  const version = text("model") && text("version") ? `${text("model")} ${text("version")}` : null;
  const quoted = (key: string) => (text(key) ? ` — “${text(key)}”` : "");
  switch (action) {
    case "review.requested":
      return `asked for review of ${version ?? "a version"}${quoted("note")}`;
    case "review.approved":
    case "review.rejected":
    case "review.changes_requested": {
      const verb = {
        "review.approved": "approved",
        "review.rejected": "rejected",
        "review.changes_requested": "requested changes to",
      }[action];
      const verdict = text("verdict") ? ` (report: ${text("verdict")?.replaceAll("_", " ")})` : "";
      return `${verb} ${version ?? "a version"}${verdict}${quoted("comment")}`;
    }
    case "review.withdrawn":
      return "withdrew a review request";
    case "readiness.overridden":
      return `overrode readiness of ${version ?? "a version"} at ${text("at") ?? "a decision"}${quoted("reason")}`;
    case "version.stage_changed":
      return `moved ${version ?? "a version"} from ${text("from") ?? "?"} to ${text("to") ?? "?"}`;
    case "version.promoted":
      return `promoted ${version ?? "a version"} to production${Array.isArray(d.retired) && d.retired.length > 0 ? `, retiring ${d.retired.join(", ")}` : ""}`;
    case "policy.changed":
      return `saved ${text("scope") === "model" ? "a model's" : "the team's"} readiness policy v${String(d.version ?? "?")}${quoted("note")}`;
    case "membership.role_changed":
      return `changed ${text("name") ?? "a member"}'s role from ${text("from") ?? "?"} to ${text("to") ?? "?"}`;
    default:
      return Object.entries(d)
        .filter(([, v]) => v !== null && typeof v !== "object")
        .map(([k, v]) => `${k}: ${String(v)}`)
        .join(" · ");
  }
}
