import { describe, expect, it, vi } from "vitest";

vi.mock("server-only", () => ({}));
const { errorFields, logLine } = await import("./log");
const { uploadRoute } = await import("./metrics");

describe("logLine", () => {
  it("writes time, level and event first; fields cannot replace them", () => {
    const now = new Date("2026-03-04T05:06:07.000Z");
    expect(logLine("error", "upload.failed", { route: "/api/uploads/datasets", event: "x", time: "y" }, now)).toBe(
      '{"time":"2026-03-04T05:06:07.000Z","level":"error","event":"upload.failed","route":"/api/uploads/datasets"}',
    );
  });
});

describe("errorFields", () => {
  it("gives the message, the causes and where it was thrown, not the whole stack", () => {
    const err = new Error("write failed", { cause: new TypeError("socket closed", { cause: "ECONNRESET" }) });
    const fields = errorFields(err);
    expect(fields.error).toBe("Error: write failed");
    expect(fields.causes).toEqual(["TypeError: socket closed", "ECONNRESET"]);
    expect(fields.at).toMatch(/^at /);
    expect(JSON.stringify(fields)).not.toContain("\\n");
  });

  it("handles values that are not errors", () => {
    expect(errorFields("plain")).toEqual({ error: "plain" });
  });
});

describe("uploadRoute", () => {
  it.each([
    ["http://localhost/api/uploads/datasets?teamId=1", "datasets"],
    ["http://localhost/api/uploads/datasets/inspect?format=csv", "datasets/inspect"],
    ["http://localhost/api/uploads/predictions/", "predictions"],
    ["http://localhost/api/uploads", "other"],
    ["http://localhost/api/uploads/Datasets", "other"],
    ["http://localhost/somewhere/else", "other"],
    ["not a url", "other"],
  ])("%s → %s", (url, route) => {
    expect(uploadRoute(url)).toBe(route);
  });
});
