import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { bearerAuth, validateEndpointAuth } from "./endpoint-auth.ts";
import { decryptSecret, encryptSecret, parseSecretKey, SecretDecryptionError, SecretKeyError } from "./secret-box.ts";

const key = randomBytes(32);

function flip(blob: string, part: number): string {
  const parts = blob.split(":");
  const bytes = Buffer.from(parts[part] as string, "base64url");
  bytes[0] = (bytes[0] as number) ^ 1;
  parts[part] = bytes.toString("base64url");
  return parts.join(":");
}

describe("encryptSecret / decryptSecret", () => {
  it("round-trips, with a fresh IV each time", () => {
    const a = encryptSecret("Bearer tok-123 ✓", key);
    const b = encryptSecret("Bearer tok-123 ✓", key);
    expect(a).not.toBe(b);
    expect(a.startsWith("ftsec:v1:")).toBe(true);
    expect(a).not.toContain("tok-123");
    expect(decryptSecret(a, key)).toBe("Bearer tok-123 ✓");
    expect(decryptSecret(encryptSecret("", key), key)).toBe("");
  });

  it.each([
    ["a changed IV", (blob: string) => flip(blob, 2)],
    ["a changed tag", (blob: string) => flip(blob, 3)],
    ["a changed ciphertext", (blob: string) => flip(blob, 4)],
    ["a cut ciphertext", (blob: string) => blob.slice(0, -2)],
    ["another key", (blob: string) => blob, randomBytes(32)],
    ["another context", (blob: string) => blob, key, "other-row"],
    ["an unknown version", (blob: string) => blob.replace(":v1:", ":v9:")],
    ["not a blob at all", () => "plaintext-secret"],
    [
      "a truncated tag",
      (blob: string) =>
        blob
          .split(":")
          .map((p, i) => (i === 3 ? p.slice(0, 8) : p))
          .join(":"),
    ],
  ])("refuses %s", (_name, tamper, otherKey = key, context = "row-1") => {
    const blob = encryptSecret("s3cret-value", key, "row-1");
    expect(() => decryptSecret(tamper(blob), otherKey, context)).toThrow(SecretDecryptionError);
    try {
      decryptSecret(tamper(blob), otherKey, context);
    } catch (err) {
      expect(String(err)).not.toContain("s3cret-value");
    }
  });

  it("requires a 32-byte key", () => {
    expect(() => encryptSecret("x", randomBytes(16))).toThrow(SecretKeyError);
  });
});

describe("parseSecretKey", () => {
  it("reads base64 of 32 bytes", () => {
    expect(parseSecretKey(key.toString("base64")).equals(key)).toBe(true);
  });
  it.each([undefined, "", "not base64!", Buffer.alloc(16).toString("base64")])(
    "refuses %j, naming the variable",
    (v) => {
      expect(() => parseSecretKey(v)).toThrow(/FIELDTEST_SECRET_KEY/);
    },
  );
});

describe("validateEndpointAuth", () => {
  it("accepts a bearer token and a custom header", () => {
    expect(() => validateEndpointAuth(bearerAuth("abc"))).not.toThrow();
    expect(() => validateEndpointAuth({ header: "x-api-key", secret: "k" })).not.toThrow();
  });
  it.each([
    [{ header: "bad header", secret: "k" }, /not a valid HTTP header/],
    [{ header: "Host", secret: "k" }, /set by Fieldtest/],
    [{ header: "x-api-key", secret: "" }, /empty/],
    [{ header: "x-api-key", secret: "k\r\nx-evil: 1" }, /line break/],
  ])("refuses %j", (auth, message) => {
    expect(() => validateEndpointAuth(auth)).toThrow(message);
    try {
      validateEndpointAuth(auth);
    } catch (err) {
      if (auth.secret.length > 1) expect(String(err)).not.toContain(auth.secret);
    }
  });
});
