import { createHash, timingSafeEqual } from "node:crypto";
import { isIP } from "node:net";

// The same rules as the worker's /metrics (apps/worker/src/observability/access.ts; apps do not
// import each other), except where the caller's address comes from: see metricsAccess.

/** 127.0.0.0/8, ::1, and IPv4-mapped 127.x addresses. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const plain = address
    .trim()
    .toLowerCase()
    .replace(/^::ffff:/, "");
  if (isIP(plain) === 4) return plain.startsWith("127.");
  return plain === "::1" || plain === "0:0:0:0:0:0:0:1";
}

/** Whether an `Authorization` header carries `Bearer <token>`, compared in constant time. */
export function bearerMatches(header: string | null | undefined, token: string): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  if (!match?.[1] || token === "") return false;
  const digest = (s: string) => createHash("sha256").update(s).digest();
  return timingSafeEqual(digest(match[1]), digest(token));
}

export type MetricsAccess = "allowed" | "unauthorized" | "forbidden";

/**
 * Who may read /api/metrics. Route handlers do not see the socket: the caller's address is the
 * X-Forwarded-For header, which Next.js fills from the socket only when the request has none.
 * So a client that reaches the server directly can forge it, and:
 * - when FIELDTEST_METRICS_TOKEN is set, everyone (loopback too) must send
 *   `Authorization: Bearer <token>` — the token is the only credential that cannot be forged;
 * - when it is not set, only requests whose X-Forwarded-For lists loopback addresses alone are
 *   served (a scraper on the same machine; a proxy in front appends the real client's address,
 *   which is refused). Expose the web port beyond a proxy only with the token set.
 */
export function metricsAccess(request: { headers: Headers; token: string | undefined }): MetricsAccess {
  const { headers, token } = request;
  if (token) return bearerMatches(headers.get("authorization"), token) ? "allowed" : "unauthorized";
  const forwarded = headers.get("x-forwarded-for");
  if (!forwarded) return "forbidden";
  const hops = forwarded.split(",").map((hop) => hop.trim());
  return hops.every((hop) => isLoopbackAddress(hop)) ? "allowed" : "forbidden";
}
