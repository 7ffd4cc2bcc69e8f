import { describe, expect, it } from "vitest";
import { bearerMatches, isLoopbackAddress, metricsAccess } from "./access";

const TOKEN = "web-metrics-token-0123456789";
const headers = (h: Record<string, string>) => new Headers(h);

describe("metricsAccess without FIELDTEST_METRICS_TOKEN: loopback callers only", () => {
  it.each([
    ["IPv4 loopback (what Next.js sets from the socket)", { "x-forwarded-for": "127.0.0.1" }, "allowed"],
    ["IPv6 loopback", { "x-forwarded-for": "::1" }, "allowed"],
    ["IPv4-mapped loopback", { "x-forwarded-for": "::ffff:127.0.0.1" }, "allowed"],
    ["a local proxy forwarding for a local client", { "x-forwarded-for": "127.0.0.1, ::1" }, "allowed"],
    ["a remote client", { "x-forwarded-for": "203.0.113.9" }, "forbidden"],
    ["a forged loopback hop before the real client", { "x-forwarded-for": "127.0.0.1, 203.0.113.9" }, "forbidden"],
    ["a private address", { "x-forwarded-for": "10.0.0.5" }, "forbidden"],
    ["no address at all", {}, "forbidden"],
    ["an empty header", { "x-forwarded-for": "" }, "forbidden"],
    [
      "a bearer token nobody configured",
      { authorization: `Bearer ${TOKEN}`, "x-forwarded-for": "10.0.0.5" },
      "forbidden",
    ],
  ])("%s → %s", (_, h, expected) => {
    expect(metricsAccess({ headers: headers(h), token: undefined })).toBe(expected);
  });
});

describe("metricsAccess with FIELDTEST_METRICS_TOKEN: the token from everyone", () => {
  it.each([
    ["remote with the token", { "x-forwarded-for": "203.0.113.9", authorization: `Bearer ${TOKEN}` }, "allowed"],
    ["loopback with the token", { "x-forwarded-for": "127.0.0.1", authorization: `Bearer ${TOKEN}` }, "allowed"],
    // X-Forwarded-For can be forged by a client that reaches the server directly.
    ["loopback without the token", { "x-forwarded-for": "127.0.0.1" }, "unauthorized"],
    ["remote with a wrong token", { "x-forwarded-for": "203.0.113.9", authorization: "Bearer guess" }, "unauthorized"],
    ["remote with the token as Basic", { authorization: `Basic ${TOKEN}` }, "unauthorized"],
  ])("%s → %s", (_, h, expected) => {
    expect(metricsAccess({ headers: headers(h), token: TOKEN })).toBe(expected);
  });
});

describe("helpers", () => {
  it.each([
    ["127.0.0.1", true],
    ["127.1.2.3", true],
    [" ::1 ", true],
    ["128.0.0.1", false],
    ["::ffff:10.0.0.1", false],
    ["localhost", false],
    [undefined, false],
  ])("isLoopbackAddress(%j) is %s", (address, expected) => {
    expect(isLoopbackAddress(address)).toBe(expected);
  });

  it("compares the bearer token exactly", () => {
    expect(bearerMatches(`Bearer ${TOKEN}`, TOKEN)).toBe(true);
    expect(bearerMatches(`Bearer ${TOKEN.toUpperCase()}`, TOKEN)).toBe(false);
    expect(bearerMatches(null, TOKEN)).toBe(false);
    expect(bearerMatches("Bearer x", "")).toBe(false);
  });
});
