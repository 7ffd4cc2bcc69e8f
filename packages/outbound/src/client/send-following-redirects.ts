import { lookup } from "node:dns/promises";
import type http from "node:http";
import type https from "node:https";
import type { AllowList } from "../policy/allow-list.ts";
import { checkAddress, checkUrl, displayUrl } from "../policy/check-destination.ts";
import { parseHost } from "../policy/parse-ip.ts";
import type { EndpointAuth } from "../secrets/endpoint-auth.ts";
import { OutboundError, OutboundRefused } from "./errors.ts";
import { type Exchange, exchange, type PinnedAddress } from "./exchange.ts";

/** Resolves a host name to every address it has. */
export type Resolver = (hostname: string) => Promise<PinnedAddress[]>;

/** The system resolver, like any program on the machine (/etc/hosts, then DNS). */
export const systemResolve: Resolver = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map((a) => ({
    address: a.address,
    family: a.family === 6 ? 6 : 4,
  }));

export interface HopSettings {
  allow: AllowList;
  resolve: Resolver;
  maxRedirects: number;
  maxResponseBytes: number;
  agents: { http: http.Agent; https: https.Agent };
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** The URL the policy allows, parsed; otherwise an OutboundRefused whose message starts with `prefix`. */
export function checkedUrl(url: string | URL, allow: AllowList, prefix = ""): URL {
  const decision = checkUrl({ url, allow });
  if (!decision.allowed) throw new OutboundRefused(decision.reason, `${prefix}${decision.message}`);
  return decision.url;
}

/**
 * Every address the URL's host name resolves to, each checked (throws OutboundRefused on the
 * first bad one); undefined for an IP-literal host, which checkUrl already checked.
 */
export async function resolveChecked(
  url: URL,
  settings: Pick<HopSettings, "allow" | "resolve">,
  signal: AbortSignal,
): Promise<PinnedAddress[] | undefined> {
  const host = parseHost(url.hostname);
  if (host.kind !== "name") return undefined;
  let addresses: PinnedAddress[];
  try {
    addresses = await Promise.race([
      settings.resolve(host.name),
      new Promise<never>((_, reject) => {
        signal.throwIfAborted();
        signal.addEventListener("abort", () => reject(signal.reason), { once: true });
      }),
    ]);
  } catch (err) {
    if (signal.aborted) throw signal.reason;
    const code = (err as { code?: string }).code ?? "ENOTFOUND";
    throw Object.assign(new Error(`the host name ${host.name} could not be resolved (${code})`), { code });
  }
  if (addresses.length === 0) {
    throw Object.assign(new Error(`the host name ${host.name} has no addresses`), { code: "ENOTFOUND" });
  }
  for (const a of addresses) {
    const parsed = parseHost(a.address);
    const refusal =
      parsed.kind === "ip"
        ? checkAddress({ address: parsed.address, allow: settings.allow, hostName: host.name })
        : { reason: "invalid-url" as const, message: `${host.name} resolved to "${a.address}", not an address` };
    if (refusal) throw new OutboundRefused(refusal.reason, `${displayUrl(url)} is refused: ${refusal.message}`);
  }
  return addresses;
}

function without(headers: Record<string, string>, name: string): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([k]) => k.toLowerCase() !== name.toLowerCase()));
}

/**
 * One attempt of a call: the request and the redirects it leads to, followed by hand. Every hop is
 * checked by the policy, resolved, checked again on its DNS answers and connected to the checked
 * address. The endpoint's secret header never follows a redirect to another origin.
 */
export async function sendFollowingRedirects(
  settings: HopSettings,
  input: {
    url: URL;
    method: string;
    headers: Record<string, string>;
    body?: Uint8Array;
    auth?: EndpointAuth;
    signal: AbortSignal;
  },
): Promise<Exchange & { url: URL }> {
  let { url, method, body, headers } = input;
  for (let hop = 0; ; hop++) {
    const pinned = await resolveChecked(url, settings, input.signal);
    const answer = await exchange({
      url,
      method,
      headers,
      body,
      pinned,
      maxResponseBytes: settings.maxResponseBytes,
      signal: input.signal,
      agents: settings.agents,
    });
    const location = answer.headers.location;
    if (!REDIRECTS.has(answer.status) || location === undefined) return { ...answer, url };
    if (hop >= settings.maxRedirects) {
      throw new OutboundError(
        `${displayUrl(input.url)} redirected more than ${settings.maxRedirects} times; call the final URL`,
      );
    }
    let next: URL;
    try {
      next = new URL(location, url);
    } catch {
      throw new OutboundError(`${displayUrl(url)} redirected to an invalid URL`);
    }
    next = checkedUrl(next, settings.allow, `${displayUrl(url)} redirected to a refused destination: `);
    if (next.origin !== url.origin && input.auth) headers = without(headers, input.auth.header);
    if (answer.status === 303 || ((answer.status === 301 || answer.status === 302) && method === "POST")) {
      method = "GET";
      body = undefined;
      headers = without(headers, "content-type");
    }
    url = next;
  }
}
