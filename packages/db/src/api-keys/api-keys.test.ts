import { describe, expect, it } from "vitest";
import { generateApiKey, hashApiKey, parseApiKeyScopes } from "./api-keys.ts";

describe("generateApiKey", () => {
  it("makes an ft_ key of 32 random bytes in base64url, a display prefix and its sha256", () => {
    const { key, prefix, hash } = generateApiKey();
    expect(key).toMatch(/^ft_[A-Za-z0-9_-]{43}$/);
    expect(key.startsWith(prefix)).toBe(true);
    expect(prefix).toHaveLength(11);
    expect(hash).toBe(hashApiKey(key));
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(generateApiKey().key).not.toBe(key);
  });
});

describe("parseApiKeyScopes", () => {
  it.each([
    ["ingest,evaluate,read", ["ingest", "evaluate", "read"]],
    [" read , ingest ", ["ingest", "read"]],
    [["evaluate", "evaluate"], ["evaluate"]],
  ])("%j → %j", (input, expected) => {
    expect(parseApiKeyScopes(input as string | string[])).toEqual(expected);
  });

  it.each(["", " , ", "ingest,admin", "READ"])("refuses %j on the scopes field", (input) => {
    expect(() => parseApiKeyScopes(input)).toThrow(expect.objectContaining({ code: "BAD_INPUT", field: "scopes" }));
  });
});
