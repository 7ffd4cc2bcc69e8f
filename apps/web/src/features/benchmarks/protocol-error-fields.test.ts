import { describe, expect, it } from "vitest";
import { isProtocolField } from "./protocol-error-fields";

describe("isProtocolField", () => {
  it.each([
    "task",
    "split",
    "split.kind",
    "split.cutoff",
    "split.testWindow",
    "split.testWindow.rows",
    "split.gap.days",
    "metrics",
    "metrics.12",
    "sliceColumns.0",
    "costs.fn",
    "confidence.resamples",
    "holdout.queryBudget",
    "stress",
    "stress.2.name",
    "stress.0.perturbations",
    "stress.0.perturbations.3.rate",
    "stress.0.perturbations.3.columns",
    "stress.0.perturbations.3.columns.1",
  ])("shows %s next to its control", (field) => {
    expect(isProtocolField(field)).toBe(true);
  });

  it.each([
    "input",
    "name",
    "split.gap",
    "splits",
    "metricsx",
    "costs.FN",
    "stress.0",
    "stress.0.perturbations.1",
    "seed.x",
  ])("leaves %s to the form-level message", (field) => {
    expect(isProtocolField(field)).toBe(false);
  });
});
