import { describe, expect, it } from "vitest";
import { formatHours, formatInterval, formatNumber, formatPercent } from "./format-text.ts";

describe("formatNumber", () => {
  it.each([
    { x: 0.8, text: "0.80" },
    { x: 0.81, text: "0.81" },
    { x: 0.8123, text: "0.812" },
    { x: 0.05, text: "0.05" },
    { x: 0.0012, text: "0.0012" },
    { x: -0.004, text: "−0.004" },
    { x: -0.01, text: "−0.01" },
    { x: 0, text: "0" },
    { x: -0.0000001, text: "−0.0000001" },
    { x: 1, text: "1" },
    { x: 1.5, text: "1.50" },
    { x: 12.34, text: "12.3" },
    { x: 183.4, text: "183" },
    { x: 200, text: "200" },
    { x: 1204, text: "1,204" },
    { x: 5000, text: "5,000" },
    { x: 1234567.8, text: "1,234,568" },
    { x: Number.NaN, text: "NaN" },
    { x: Number.NEGATIVE_INFINITY, text: "−∞" },
  ])("$x → $text", ({ x, text }) => {
    expect(formatNumber(x)).toBe(text);
  });

  it.each([
    { x: 0.7999, from: 0.8, text: "0.7999" },
    { x: 0.80004, from: 0.8, text: "0.80004" },
    { x: 200.4, from: 200, text: "200.4" },
    { x: 0.81, from: 0.8, text: "0.81" },
    { x: 0.8, from: 0.8, text: "0.80" },
  ])("$x next to $from → $text", ({ x, from, text }) => {
    expect(formatNumber(x, { distinctFrom: from })).toBe(text);
  });
});

describe("formatPercent, formatInterval, formatHours", () => {
  it.each([
    { fraction: 0.95, text: "95%" },
    { fraction: 0.995, text: "99.5%" },
    { fraction: 0.9, text: "90%" },
    { fraction: 0.62, text: "62%" },
  ])("$fraction → $text", ({ fraction, text }) => {
    expect(formatPercent(fraction)).toBe(text);
  });

  it("keeps a share just under the requirement distinct from it", () => {
    expect(formatPercent(0.79996, 0.8)).toBe("79.996%");
  });

  it("formats intervals", () => {
    expect(formatInterval([0.81, 0.86])).toBe("[0.81, 0.86]");
    expect(formatInterval([-0.004, 0.012], -0.01)).toBe("[−0.004, 0.012]");
  });

  it.each([
    { hours: 1, text: "1 hour" },
    { hours: 36, text: "36 hours" },
    { hours: 24, text: "1 day" },
    { hours: 168, text: "7 days" },
    { hours: 60, text: "2.5 days" },
  ])("$hours h → $text", ({ hours, text }) => {
    expect(formatHours(hours)).toBe(text);
  });
});
