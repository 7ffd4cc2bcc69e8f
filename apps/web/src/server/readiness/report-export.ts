import { createHash } from "node:crypto";
import type { GateResult, ReadinessEvidence } from "@fieldtest/core";
import { evidenceSideBySide } from "./evidence-side-by-side";

/** A readiness report with what a change-management record needs around it. */
export interface ReportExport {
  reportId: string;
  team: { name: string; slug: string };
  model: { name: string; task: string };
  version: { id: string; version: string; stage: string };
  verdict: "ready" | "not_ready" | "insufficient_evidence";
  evaluatedAt: string;
  policySource: string;
  policy: unknown;
  evidenceHash: string;
  counts: { pass: number; fail: number; insufficient_evidence: number; total: number };
  gates: GateResult[];
  evidence: ReadinessEvidence;
  reviews: {
    id: string;
    status: string;
    requestedBy: string;
    requestedAt: string;
    requestNote: string;
    decidedBy: string | null;
    decidedAt: string | null;
    comment: string | null;
    overrideReason: string | null;
    decidedOnThisReport: boolean;
  }[];
  exportedAt: string;
}

/** The JSON document: the export itself, plus the sha256 of its canonical content for the record. */
export function reportJson(report: ReportExport): string {
  const body = JSON.stringify(report, null, 2);
  const sha256 = createHash("sha256").update(body).digest("hex");
  return `${JSON.stringify({ format: "fieldtest.readiness-report.v1", sha256, report }, null, 2)}\n`;
}

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
/** Text made safe for HTML content and attribute values. */
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] as string);

const num = (v: number | null | undefined) =>
  v === null || v === undefined || !Number.isFinite(v) ? "—" : Number.isInteger(v) ? String(v) : v.toFixed(3);
const observed = (v: number | null, interval: readonly [number, number] | null) =>
  interval ? `${num(v)} [${num(interval[0])}, ${num(interval[1])}]` : num(v);
const STATUS_WORD = { pass: "✓ pass", fail: "✕ fail", insufficient_evidence: "◌ insufficient evidence" } as const;
const VERDICT_WORD = {
  ready: "Ready",
  not_ready: "Not ready",
  insufficient_evidence: "Insufficient evidence",
} as const;

/**
 * A self-contained HTML document of the report (inline styles, no script, no external resource),
 * to attach to a change request or print to PDF from a browser. Every value from the database is
 * escaped.
 */
export function reportHtml(report: ReportExport): string {
  const e = escapeHtml;
  const sides = evidenceSideBySide(report.evidence);
  const gateRows = report.gates
    .map(
      (g) =>
        `<tr class="${e(g.status)}"><td>${e(STATUS_WORD[g.status])}</td><td>${e(g.description)}<div class="muted">${e(g.id)}</div></td><td class="num">${e(observed(g.observed, g.interval))}</td><td class="num">${e(g.comparator ?? "")} ${e(num(g.threshold))}</td><td>${e(g.reason)}</td><td class="muted">${e(g.runIds.join(", "))}</td></tr>`,
    )
    .join("\n");
  const sideRows = sides.rows
    .map((r) => {
      const cell = (s: (typeof r)["benchmark"]) =>
        s ? `${e(observed(s.value, s.interval))}<div class="muted">n = ${e(String(s.n))}</div>` : "—";
      return `<tr><td>${e(r.metric)}</td><td class="num">${cell(r.benchmark)}</td><td class="num">${cell(r.shadow)}</td><td class="num">${cell(r.gap)}</td></tr>`;
    })
    .join("\n");
  const reviewRows = report.reviews
    .map(
      (r) =>
        `<tr><td>${e(r.status.replaceAll("_", " "))}${r.decidedOnThisReport ? " (on this report)" : ""}</td><td>${e(r.requestedBy)}, ${e(r.requestedAt)}${r.requestNote ? `<div class="muted">${e(r.requestNote)}</div>` : ""}</td><td>${e(r.decidedBy ?? "—")}${r.decidedAt ? `, ${e(r.decidedAt)}` : ""}${r.comment ? `<div>“${e(r.comment)}”</div>` : ""}${r.overrideReason ? `<div><strong>Override:</strong> ${e(r.overrideReason)}</div>` : ""}</td></tr>`,
    )
    .join("\n");
  const title = `Readiness of ${report.model.name} ${report.version.version}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(title)}</title>
<style>
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#111;margin:2rem auto;max-width:70rem;padding:0 1rem}
h1{font-size:1.4rem;margin:0 0 .25rem}h2{font-size:1.05rem;margin:1.75rem 0 .5rem}
table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #ddd;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{font-size:.8rem;color:#555;font-weight:600}.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.muted{color:#666;font-size:.8rem}.verdict{display:inline-block;border:1px solid;border-radius:999px;padding:.1rem .6rem;font-weight:600}
.ready{color:#146c2e}.not_ready{color:#b3261e}.insufficient_evidence{color:#8a5a00}
tr.fail td:first-child{color:#b3261e;font-weight:600}tr.pass td:first-child{color:#146c2e}tr.insufficient_evidence td:first-child{color:#8a5a00}
dl{display:grid;grid-template-columns:12rem 1fr;gap:.2rem .75rem;margin:0}dt{color:#555}dd{margin:0}
pre{background:#f6f6f6;padding:.75rem;overflow:auto;font-size:.75rem}
@media print{body{margin:0}a{color:inherit}}
</style>
</head>
<body>
<h1>${e(title)}</h1>
<p><span class="verdict ${e(report.verdict)}">${e(VERDICT_WORD[report.verdict])}</span> · ${e(String(report.counts.pass))} pass, ${e(String(report.counts.fail))} fail, ${e(String(report.counts.insufficient_evidence))} insufficient of ${e(String(report.counts.total))} gates</p>
<dl>
<dt>Team</dt><dd>${e(report.team.name)} (${e(report.team.slug)})</dd>
<dt>Model</dt><dd>${e(report.model.name)} · ${e(report.model.task.replaceAll("_", " "))}</dd>
<dt>Version</dt><dd>${e(report.version.version)} · stage ${e(report.version.stage)} · <span class="muted">${e(report.version.id)}</span></dd>
<dt>Report</dt><dd>${e(report.reportId)}</dd>
<dt>Evaluated</dt><dd>${e(report.evaluatedAt)}</dd>
<dt>Policy</dt><dd>${e(report.policySource)}</dd>
<dt>Evidence hash</dt><dd class="muted">${e(report.evidenceHash)}</dd>
<dt>Exported</dt><dd>${e(report.exportedAt)}</dd>
</dl>
<h2>Gates</h2>
<table><thead><tr><th>Status</th><th>Gate</th><th class="num">Observed [interval]</th><th class="num">Threshold</th><th>Reason</th><th>Runs</th></tr></thead>
<tbody>
${gateRows || '<tr><td colspan="6">No gates.</td></tr>'}
</tbody></table>
<h2>Benchmark and shadow, side by side</h2>
${
  sides.rows.length === 0
    ? "<p>No benchmark or shadow evidence.</p>"
    : `<p class="muted">Benchmark as of ${e(sides.benchmarkAsOf ?? "—")} · shadow as of ${e(sides.shadowAsOf ?? "—")} · gap = benchmark − shadow</p>
<table><thead><tr><th>Metric</th><th class="num">Benchmark</th><th class="num">Shadow (field)</th><th class="num">Gap</th></tr></thead>
<tbody>
${sideRows}
</tbody></table>`
}
<h2>Reviews of this version</h2>
${
  report.reviews.length === 0
    ? "<p>No review yet.</p>"
    : `<table><thead><tr><th>Outcome</th><th>Requested</th><th>Decision</th></tr></thead><tbody>
${reviewRows}
</tbody></table>`
}
<h2>Policy</h2>
<pre>${e(JSON.stringify(report.policy, null, 2))}</pre>
</body>
</html>
`;
}
