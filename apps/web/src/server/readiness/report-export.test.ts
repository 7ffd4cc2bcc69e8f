import { describe, expect, it } from "vitest";
import { escapeHtml, type ReportExport, reportHtml, reportJson } from "./report-export";

const report: ReportExport = {
  reportId: "r-1",
  team: { name: "Demo <team>", slug: "demo" },
  model: { name: 'Rain "tomorrow"', task: "binary_classification" },
  version: { id: "v-1", version: "v2-gbm", stage: "shadow" },
  verdict: "not_ready",
  evaluatedAt: "2026-11-27T00:00:00.000Z",
  policySource: "Fieldtest's default policy for the task",
  policy: { gates: [] },
  evidenceHash: "a".repeat(64),
  counts: { pass: 0, fail: 1, insufficient_evidence: 0, total: 1 },
  gates: [
    {
      id: "gap-roc-auc",
      kind: "gap",
      description: "gap roc_auc ≤ 0.05",
      status: "fail",
      observed: 0.17,
      interval: [0.1, 0.24],
      threshold: 0.05,
      comparator: "<=",
      evidenceN: 1400,
      reason: "interval lies above 0.05 <img src=x onerror=alert(1)>",
      baseline: null,
      runIds: [],
    },
  ],
  evidence: {},
  reviews: [],
  exportedAt: "2026-11-27T01:00:00.000Z",
};

describe("report export", () => {
  it("escapes everything that came from users or the database", () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
    const html = reportHtml(report);
    expect(html).not.toContain("<img");
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(html).toContain("Demo &lt;team&gt;");
    expect(html).toContain("Rain &quot;tomorrow&quot;");
  });

  it("shows the verdict, each gate with its interval, and no script", () => {
    const html = reportHtml(report);
    expect(html).toContain("Not ready");
    expect(html).toContain("0.170 [0.100, 0.240]");
    expect(html).toContain("✕ fail");
    expect(html).not.toMatch(/<script/i);
  });

  it("puts the sha256 of the report's JSON beside it", () => {
    const doc = JSON.parse(reportJson(report)) as { sha256: string; report: ReportExport };
    expect(doc.report).toEqual(report);
    expect(doc.sha256).toMatch(/^[0-9a-f]{64}$/);
  });
});
