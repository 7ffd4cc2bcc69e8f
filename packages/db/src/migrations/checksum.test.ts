import { describe, expect, it } from "vitest";
import { checksumMatches, migrationChecksum } from "./checksum.ts";

// printf 'CREATE TABLE "a" ();\n' | sha256sum, and the same with \r\n
const LF = "3011c45aed17d13f16ef75ff57c11694b230cb84e05f0236d69827085448d7cc";
const CRLF = "147e5ff79233230bc52f8215ee49b2d694d86e69c0bdac105c01a9995a95e2aa";

describe("migrationChecksum", () => {
  it("is the sha256 hex of the script", () => {
    expect(migrationChecksum('CREATE TABLE "a" ();\n')).toBe(LF);
    expect(migrationChecksum('CREATE TABLE "a" ();\r\n')).toBe(CRLF);
  });
});

describe("checksumMatches", () => {
  it.each([
    { case: "same script", sql: 'CREATE TABLE "a" ();\n', checksum: LF, matches: true },
    { case: "checked out with CRLF, recorded with LF", sql: 'CREATE TABLE "a" ();\r\n', checksum: LF, matches: true },
    { case: "checked out with LF, recorded with CRLF", sql: 'CREATE TABLE "a" ();\n', checksum: CRLF, matches: true },
    { case: "edited script", sql: 'CREATE TABLE "b" ();\n', checksum: LF, matches: false },
    { case: "trailing text added", sql: 'CREATE TABLE "a" ();\n-- x\n', checksum: LF, matches: false },
    { case: "empty checksum", sql: 'CREATE TABLE "a" ();\n', checksum: "", matches: false },
  ])("$case", ({ sql, checksum, matches }) => {
    expect(checksumMatches(sql, checksum)).toBe(matches);
  });
});
