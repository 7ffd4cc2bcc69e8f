import { classifyAddress, inPrefix } from "./classify-address.ts";
import { formatIp, type IpAddress, parseHost } from "./parse-ip.ts";

export interface Cidr {
  version: 4 | 6;
  network: bigint;
  prefix: number;
}

/** Destinations an operator opened on purpose (`FIELDTEST_OUTBOUND_ALLOW`). */
export interface AllowList {
  /** Exact host names, normalised (lower case, no trailing dot). */
  hosts: ReadonlySet<string>;
  /** `*.example.internal` entries, stored as the suffix `.example.internal`. */
  suffixes: readonly string[];
  cidrs: readonly Cidr[];
  /** The entries as written, for messages. */
  source: string;
}

export const EMPTY_ALLOW_LIST: AllowList = { hosts: new Set(), suffixes: [], cidrs: [], source: "" };

export class AllowListError extends Error {
  override name = "AllowListError";
}

function parseEntry(entry: string): { host?: string; suffix?: string; cidr?: Cidr } {
  const slash = entry.lastIndexOf("/");
  if (slash >= 0) {
    const hostText = entry.slice(0, slash);
    const prefixText = entry.slice(slash + 1);
    const parsed = parseHost(hostText);
    if (parsed.kind !== "ip") throw new AllowListError(`"${entry}" is not a CIDR: "${hostText}" is not an IP address`);
    const max = parsed.address.version === 4 ? 32 : 128;
    const prefix = Number(prefixText);
    if (!/^\d{1,3}$/.test(prefixText) || prefix > max) {
      throw new AllowListError(`"${entry}": the prefix length must be a whole number from 0 to ${max}`);
    }
    return { cidr: { version: parsed.address.version, network: parsed.address.value, prefix } };
  }
  if (entry.startsWith("*.")) {
    const parsed = parseHost(entry.slice(2));
    if (parsed.kind !== "name") throw new AllowListError(`"${entry}": a wildcard entry needs a host name after "*."`);
    return { suffix: `.${parsed.name}` };
  }
  const parsed = parseHost(entry);
  if (parsed.kind === "invalid") throw new AllowListError(`"${entry}": ${parsed.message}`);
  if (parsed.kind === "ip") {
    const { version, value } = parsed.address;
    return { cidr: { version, network: value, prefix: version === 4 ? 32 : 128 } };
  }
  return { host: parsed.name };
}

/**
 * Parses `FIELDTEST_OUTBOUND_ALLOW`: comma-separated host names (`localhost`, `*.svc.cluster.local`),
 * IP addresses in any spelling and CIDRs (`127.0.0.0/8`, `::1/128`, `fd00::/8`). An entry that is
 * none of these throws an AllowListError naming it, so a typo never silently opens nothing.
 */
export function parseAllowList(value: string | readonly string[] | undefined): AllowList {
  const entries = (typeof value === "string" ? value.split(",") : (value ?? []))
    .map((e) => e.trim())
    .filter((e) => e !== "");
  const hosts = new Set<string>();
  const suffixes: string[] = [];
  const cidrs: Cidr[] = [];
  for (const entry of entries) {
    try {
      const parsed = parseEntry(entry);
      if (parsed.host) hosts.add(parsed.host);
      if (parsed.suffix) suffixes.push(parsed.suffix);
      if (parsed.cidr) cidrs.push(parsed.cidr);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      throw new AllowListError(`FIELDTEST_OUTBOUND_ALLOW: ${message}`);
    }
  }
  return { hosts, suffixes, cidrs, source: entries.join(",") };
}

/** Whether a normalised host name is listed (exactly, or under a `*.` entry). */
export function allowsHost(allow: AllowList, name: string): boolean {
  return allow.hosts.has(name) || allow.suffixes.some((s) => name.endsWith(s));
}

function inCidrs(allow: AllowList, address: IpAddress): boolean {
  const bits = address.version === 4 ? 32 : 128;
  return allow.cidrs.some((c) => c.version === address.version && inPrefix(address.value, bits, c.network, c.prefix));
}

/** Whether a CIDR covers the address, or the IPv4 address an IPv6 form of it embeds. */
export function allowsAddress(allow: AllowList, address: IpAddress): boolean {
  if (inCidrs(allow, address)) return true;
  const embedded = classifyAddress(address).embedded;
  return embedded !== undefined && inCidrs(allow, embedded);
}

export function describeAllowList(allow: AllowList): string {
  const parts = [
    ...allow.hosts,
    ...allow.suffixes.map((s) => `*${s}`),
    ...allow.cidrs.map((c) => `${formatIp({ version: c.version, value: c.network })}/${c.prefix}`),
  ];
  return parts.length === 0 ? "(empty)" : parts.join(",");
}
