import type { LookupAddress } from "node:dns";
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";

/** One checked address a host name resolved to; the socket connects to exactly these. */
export interface PinnedAddress {
  address: string;
  family: 4 | 6;
}

export interface ExchangeInput {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body?: Uint8Array;
  /** The checked addresses of a host name; undefined for an IP-literal host (nothing to resolve). */
  pinned?: readonly PinnedAddress[];
  maxResponseBytes: number;
  signal: AbortSignal;
  agents: { http: http.Agent; https: https.Agent };
}

export interface Exchange {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** Raised inside an exchange when the body passes the cap; the client turns it into a typed error. */
export class BodyTooLarge extends Error {
  override name = "BodyTooLarge";
}

/**
 * A lookup that answers with the addresses already checked by the policy, so the connection goes
 * to a checked address: nothing is resolved a second time between the check and the connect
 * (no DNS-rebinding window). TLS still verifies the certificate against the host name.
 */
export function pinnedLookup(pinned: readonly PinnedAddress[]): LookupFunction {
  return (_hostname, options, callback) => {
    const family = options.family === 4 || options.family === 6 ? options.family : undefined;
    const list: LookupAddress[] = pinned.filter((a) => family === undefined || a.family === family);
    const first = list[0];
    if (!first) {
      const err = Object.assign(new Error(`no checked IPv${family} address`), { code: "ENOTFOUND" });
      callback(err, "", 0);
      return;
    }
    if (options.all) callback(null, list);
    else callback(null, first.address, first.family);
  };
}

/** One HTTP request and its whole response body, following nothing: redirects come back as-is. */
export function exchange(input: ExchangeInput): Promise<Exchange> {
  const { url, signal } = input;
  const secure = url.protocol === "https:";
  return new Promise<Exchange>((resolve, reject) => {
    signal.throwIfAborted();
    const request = (secure ? https : http).request({
      protocol: url.protocol,
      hostname: url.hostname.replace(/^\[(.*)\]$/, "$1"),
      port: url.port === "" ? (secure ? 443 : 80) : Number(url.port),
      path: `${url.pathname}${url.search}`,
      method: input.method,
      headers: input.body ? { ...input.headers, "content-length": String(input.body.byteLength) } : input.headers,
      agent: secure ? input.agents.https : input.agents.http,
      ...(input.pinned ? { lookup: pinnedLookup(input.pinned) } : {}),
    });
    // The first cause wins: destroying the request also raises a generic "socket hang up".
    let cause: Error | undefined;
    const stop = (err: Error) => {
      cause ??= err;
      request.destroy(err);
    };
    const onAbort = () => stop(signal.reason instanceof Error ? signal.reason : new Error("aborted"));
    signal.addEventListener("abort", onAbort, { once: true });
    const fail = (err: Error) => {
      signal.removeEventListener("abort", onAbort);
      reject(cause ?? err);
    };
    request.on("error", fail);
    request.on("response", (response) => {
      const declared = Number(response.headers["content-length"]);
      if (Number.isFinite(declared) && declared > input.maxResponseBytes) {
        stop(new BodyTooLarge());
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      response.on("data", (chunk: Buffer) => {
        size += chunk.byteLength;
        if (size > input.maxResponseBytes) {
          stop(new BodyTooLarge());
          return;
        }
        chunks.push(chunk);
      });
      response.on("error", fail);
      response.on("end", () => {
        signal.removeEventListener("abort", onAbort);
        if (cause) {
          reject(cause);
          return;
        }
        if (!response.complete) {
          reject(
            Object.assign(new Error("the connection closed before the response was complete"), { code: "ECONNRESET" }),
          );
          return;
        }
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) });
      });
    });
    request.end(input.body);
  });
}
