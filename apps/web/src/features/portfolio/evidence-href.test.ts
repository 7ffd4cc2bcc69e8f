import { describe, expect, it } from "vitest";
import { evidenceHref } from "./evidence-href";

describe("evidenceHref", () => {
  it.each([
    [{ kind: "run", runId: "r1" } as const, "/runs/r1"],
    [{ kind: "shadow", shadowEvaluationId: "s1" } as const, "/shadow/s1"],
    [{ kind: "readiness", modelVersionId: "v1" } as const, "/models/m1#readiness-v1"],
  ])("links %o to %s", (evidence, href) => {
    expect(evidenceHref("m1", evidence)).toBe(href);
  });
});
