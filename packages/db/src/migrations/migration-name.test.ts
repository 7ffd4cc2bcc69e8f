import { describe, expect, it } from "vitest";
import { migrationSlug, migrationTimestamp, nextMigrationName } from "./migration-name.ts";

describe("migrationSlug", () => {
  it.each([
    ["init", "init"],
    ["Add dataset note", "add_dataset_note"],
    ["addDatasetNote", "add_dataset_note"],
    ["  --weird!!name--  ", "weird_name"],
    ["v2 API keys", "v2_api_keys"],
    ["!!!", ""],
    ["x".repeat(250), "x".repeat(200)],
  ])("%j → %j", (name, slug) => {
    expect(migrationSlug(name)).toBe(slug);
  });
});

describe("migrationTimestamp", () => {
  it("is UTC yyyymmddHHMMSS", () => {
    expect(migrationTimestamp(new Date("2030-01-02T03:04:05.678Z"))).toBe("20300102030405");
  });
});

describe("nextMigrationName", () => {
  const now = new Date("2030-01-02T03:04:05Z");

  it.each([
    { case: "empty folder", existing: [], expected: "20300102030405_next" },
    { case: "older migrations", existing: ["20290101000000_init"], expected: "20300102030405_next" },
    { case: "same second as the newest", existing: ["20300102030405_init"], expected: "20300102030406_next" },
    { case: "newest is in the future", existing: ["20300102035959_init"], expected: "20300102040000_next" },
    { case: "ignores names without a timestamp", existing: ["manual"], expected: "20300102030405_next" },
  ])("$case", ({ existing, expected }) => {
    expect(nextMigrationName({ name: "next", now, existing })).toBe(expected);
  });

  it("refuses a name with no letters or digits", () => {
    expect(() => nextMigrationName({ name: "--", now, existing: [] })).toThrow(/not a usable migration name/);
  });
});
