import { type AllowList, allowsAddress, allowsHost } from "./allow-list.ts";
import { type AddressKind, classifyAddress, describeAddress } from "./classify-address.ts";
import { type IpAddress, parseHost } from "./parse-ip.ts";

export type RefusalReason =
  | "invalid-url"
  | "scheme"
  | "credentials"
  | "zone-id"
  | "cloud-metadata"
  | Exclude<AddressKind, "public" | "cloud-metadata">;

export interface Refusal {
  allowed: false;
  reason: RefusalReason;
  /** A sentence a user can act on; never contains credentials or query strings. */
  message: string;
}

export type UrlDecision =
  | {
      allowed: true;
      /** The parsed URL the client must use from here on (never the original string). */
      url: URL;
      /** The host as an IP literal, or as a normalised name that still needs resolving. */
      host: { kind: "ip"; address: IpAddress } | { kind: "name"; name: string };
    }
  | Refusal;

const ALLOW_HINT = "add the host name or a CIDR covering the address to FIELDTEST_OUTBOUND_ALLOW";

/**
 * Names of instance-metadata services. Refused before any lookup, whatever the allow list says:
 * a resolver may answer them with an address the IP list does not know.
 */
const METADATA_NAMES = new Set([
  "metadata",
  "metadata.google.internal",
  "metadata.goog",
  "metadata.azure.internal",
  "instance-data",
  "instance-data.ec2.internal",
  "metadata.tencentyun.com",
  "metadata.platformequinix.com",
]);

export function isMetadataHostName(name: string): boolean {
  return METADATA_NAMES.has(name) || /^(?:metadata|instance-data)(?:\.[a-z0-9-]+)*\.internal$/.test(name);
}

/** `scheme://host/path` of a URL, without user info, query or fragment: safe for messages. */
export function displayUrl(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}

function refuse(reason: RefusalReason, message: string): Refusal {
  return { allowed: false, reason, message };
}

/**
 * Whether an address may be connected to: metadata services never; loopback, private, link-local,
 * unspecified, CGNAT, multicast and reserved addresses only when the allow list covers the address
 * or the host name it was resolved from (`hostName`).
 */
export function checkAddress(input: { address: IpAddress; allow: AllowList; hostName?: string }): Refusal | undefined {
  const { address, allow, hostName } = input;
  const cls = classifyAddress(address);
  const described = describeAddress(address, hostName);
  if (cls.kind === "cloud-metadata") {
    return refuse("cloud-metadata", `${described}; cloud metadata addresses are never called, whatever the allow list`);
  }
  if (cls.kind === "public") return undefined;
  if (allowsAddress(allow, address) || (hostName !== undefined && allowsHost(allow, hostName))) return undefined;
  return refuse(cls.kind, `${described}; if the endpoint really runs there, ${ALLOW_HINT}`);
}

/**
 * The destination policy on a URL, before any network access: http(s) only, no credentials, IP
 * literals normalised (every spelling) and checked, metadata host names refused. A host name that
 * passes must still have each address it resolves to checked with `checkAddress` — the client does.
 */
export function checkUrl(input: { url: string | URL; allow: AllowList }): UrlDecision {
  const raw = String(input.url).trim();
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(raw)?.[1]?.toLowerCase();
  if (scheme === undefined) return refuse("invalid-url", "the endpoint URL must be absolute, like https://host/path");
  if (scheme !== "http" && scheme !== "https") {
    return refuse("scheme", `only http and https endpoints can be called, not ${scheme}:`);
  }
  const authority = /^[a-z][a-z0-9+.-]*:[/\\]*([^/\\?#]*)/i.exec(raw)?.[1] ?? "";
  if (authority.includes("@")) {
    return refuse(
      "credentials",
      "the endpoint URL contains a user name or password; remove it and set the secret as the endpoint's auth header instead (stored encrypted)",
    );
  }
  // WHATWG URLs reject IPv6 zone ids, so look at the literal ourselves: a zone only makes sense
  // for link-local addresses, which are then refused as such.
  const zoned = /^\[([^\]]*%[^\]]*)\]/.exec(authority)?.[1];
  if (zoned !== undefined) {
    const parsed = parseHost(zoned);
    if (parsed.kind !== "ip") return refuse("invalid-url", `"[${zoned}]" is not a valid IPv6 address`);
    const refusal = checkAddress({ address: parsed.address, allow: input.allow });
    return (
      refusal ??
      refuse("zone-id", `IPv6 zone ids (%${parsed.address.zone}) are not supported in endpoint URLs; remove the zone`)
    );
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return refuse("invalid-url", "the endpoint URL is not a valid URL");
  }
  if (url.username !== "" || url.password !== "") {
    return refuse("credentials", "the endpoint URL contains a user name or password; remove it");
  }
  const parsed = parseHost(url.hostname);
  if (parsed.kind === "invalid") return refuse("invalid-url", `the endpoint URL's host is invalid: ${parsed.message}`);
  if (parsed.kind === "ip") {
    const refusal = checkAddress({ address: parsed.address, allow: input.allow });
    if (refusal) return refuse(refusal.reason, `${displayUrl(url)} is refused: ${refusal.message}`);
    return { allowed: true, url, host: parsed };
  }
  if (isMetadataHostName(parsed.name)) {
    return refuse(
      "cloud-metadata",
      `${displayUrl(url)} is refused: ${parsed.name} is a cloud metadata service; it is never called, whatever the allow list`,
    );
  }
  return { allowed: true, url, host: parsed };
}
