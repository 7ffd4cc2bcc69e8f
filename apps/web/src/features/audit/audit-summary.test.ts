import { describe, expect, it } from "vitest";
import { auditSummary } from "./audit-summary";

describe("auditSummary", () => {
  it("says what happened in words", () => {
    expect(auditSummary("review.approved", { model: "Rain", version: "v2", verdict: "not_ready", comment: "ok" })).toBe(
      "approved Rain v2 (report: not ready) — “ok”",
    );
    expect(auditSummary("version.promoted", { model: "Rain", version: "v3", retired: ["v1"] })).toBe(
      "promoted Rain v3 to production, retiring v1",
    );
    expect(auditSummary("membership.role_changed", { name: "Ann", from: "member", to: "reviewer" })).toBe(
      "changed Ann's role from member to reviewer",
    );
  });

  it("falls back to the plain fields of an action it does not know", () => {
    expect(auditSummary("api_key.created", { name: "ci", scopes: ["read"], prefix: "ft_abc" })).toBe(
      "name: ci · prefix: ft_abc",
    );
  });
});
