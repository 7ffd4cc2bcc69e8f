import { describe, expect, it } from "vitest";
import { bearerMatches, isLoopbackAddress, metricsAccess } from "./access.ts";

const TOKEN = "metrics-token-0123456789";

describe("isLoopbackAddress", () => {
  it.each([
    ["127.0.0.1", true],
    ["127.5.6.7", true],
    ["::1", true],
    ["::ffff:127.0.0.1", true],
    ["0:0:0:0:0:0:0:1", true],
    ["10.0.0.1", false],
    ["192.168.1.10", false],
    ["::ffff:10.0.0.1", false],
    ["128.0.0.1", false],
    ["fe80::1", false],
    ["localhost", false],
    ["", false],
    [undefined, false],
  ])("%s → %s", (address, loopback) => {
    expect(isLoopbackAddress(address)).toBe(loopback);
  });
});

describe("bearerMatches", () => {
  it.each([
    [`Bearer ${TOKEN}`, true],
    [`bearer ${TOKEN}`, true],
    [`Bearer ${TOKEN}x`, false],
    [`Bearer ${TOKEN.slice(1)}`, false],
    [TOKEN, false],
    [`Basic ${TOKEN}`, false],
    ["Bearer", false],
    ["", false],
    [undefined, false],
  ])("%j → %s", (header, ok) => {
    expect(bearerMatches(header, TOKEN)).toBe(ok);
  });

  it("never matches an empty token", () => {
    expect(bearerMatches("Bearer ", "")).toBe(false);
  });
});

describe("metricsAccess", () => {
  it.each([
    ["loopback, no token configured", "127.0.0.1", undefined, undefined, "allowed"],
    ["loopback ignores a wrong token", "::1", "Bearer wrong", TOKEN, "allowed"],
    ["remote, no token configured", "10.1.2.3", `Bearer ${TOKEN}`, undefined, "forbidden"],
    ["remote with the token", "10.1.2.3", `Bearer ${TOKEN}`, TOKEN, "allowed"],
    ["remote with a wrong token", "10.1.2.3", "Bearer nope", TOKEN, "unauthorized"],
    ["remote without a header", "10.1.2.3", undefined, TOKEN, "unauthorized"],
    ["unknown address", undefined, undefined, undefined, "forbidden"],
  ] as const)("%s", (_, remoteAddress, authorization, token, expected) => {
    expect(metricsAccess({ remoteAddress, authorization, token })).toBe(expected);
  });
});
