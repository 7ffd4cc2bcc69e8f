import { createHash, timingSafeEqual } from "node:crypto";
import { isIP } from "node:net";

/** 127.0.0.0/8, ::1, and IPv4-mapped 127.x addresses (how a dual-stack socket reports IPv4 loopback). */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const plain = address.toLowerCase().replace(/^::ffff:/, "");
  if (isIP(plain) === 4) return plain.startsWith("127.");
  return plain === "::1" || plain === "0:0:0:0:0:0:0:1";
}

/** Whether an `Authorization` header carries `Bearer <token>`, compared in constant time. */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  if (!match?.[1] || token === "") return false;
  const digest = (s: string) => createHash("sha256").update(s).digest();
  return timingSafeEqual(digest(match[1]), digest(token));
}

export type MetricsAccess = "allowed" | "unauthorized" | "forbidden";

/**
 * /metrics is served to loopback callers without credentials, and to anyone presenting
 * `Authorization: Bearer $FIELDTEST_METRICS_TOKEN` when that token is set. Otherwise 401 (a
 * token is set: present it) or 403 (no token configured: loopback only).
 */
export function metricsAccess(request: {
  remoteAddress: string | undefined;
  authorization: string | undefined;
  token: string | undefined;
}): MetricsAccess {
  if (isLoopbackAddress(request.remoteAddress)) return "allowed";
  if (!request.token) return "forbidden";
  return bearerMatches(request.authorization, request.token) ? "allowed" : "unauthorized";
}
