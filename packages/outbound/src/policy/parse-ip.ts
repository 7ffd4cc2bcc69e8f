/**
 * IP literals in every spelling the resolver or a URL parser accepts, reduced to one value per
 * address. IPv4 follows inet_aton / the WHATWG URL host parser: 1–4 parts, each decimal, octal
 * (leading 0) or hex (0x), the last part filling the remaining bytes — so 2130706433, 0177.0.0.1,
 * 0x7f.0.0.1 and 127.1 are all 127.0.0.1. IPv6 accepts brackets, `::`, an embedded dotted IPv4
 * tail, any case, and a zone id (`%eth0`, or `%25eth0` as written inside a URL).
 */

export interface IpAddress {
  version: 4 | 6;
  /** The address as an unsigned integer: 32 bits for IPv4, 128 bits for IPv6. */
  value: bigint;
  /** The IPv6 zone id (`eth0` of `fe80::1%eth0`), if one was written. */
  zone?: string;
}

export type Ipv4Parse = { kind: "ipv4"; address: IpAddress } | { kind: "not-ipv4" } | { kind: "invalid" };

const IPV4_PART = /^(?:0x[0-9a-f]*|0[0-7]*|[1-9][0-9]*)$/i;
// A host whose last label looks like a number is an IPv4 attempt (WHATWG "ends in a number").
const NUMERIC_LABEL = /^(?:0x[0-9a-f]*|[0-9]+)$/i;

function partValue(part: string): bigint | undefined {
  if (!IPV4_PART.test(part)) return undefined;
  if (/^0x/i.test(part)) return part.length === 2 ? 0n : BigInt(part);
  if (part.length > 1 && part.startsWith("0")) return BigInt(`0o${part.slice(1)}`);
  return BigInt(part);
}

/**
 * An IPv4 literal in any inet_aton spelling, `not-ipv4` for a host name, or `invalid` for a host
 * that looks numeric but is no address (`1.2.3.4.5`, `08.0.0.1`, `256.0.0.1`): URL parsers reject
 * those, so a policy must not wave them through as names.
 */
export function parseIpv4(text: string): Ipv4Parse {
  const parts = text.split(".");
  if (parts.length > 1 && parts[parts.length - 1] === "") parts.pop();
  const last = parts[parts.length - 1] ?? "";
  if (!NUMERIC_LABEL.test(last)) return { kind: "not-ipv4" };
  if (parts.length > 4) return { kind: "invalid" };
  const values: bigint[] = [];
  for (const part of parts) {
    const v = partValue(part);
    if (v === undefined) return { kind: "invalid" };
    values.push(v);
  }
  let value = 0n;
  for (let i = 0; i < values.length - 1; i++) {
    const v = values[i] as bigint;
    if (v > 255n) return { kind: "invalid" };
    value |= v << BigInt(8 * (3 - i));
  }
  const tail = values[values.length - 1] as bigint;
  if (tail >= 1n << BigInt(8 * (5 - values.length))) return { kind: "invalid" };
  return { kind: "ipv4", address: { version: 4, value: value | tail } };
}

/** An IPv6 literal (with or without brackets and zone id), or undefined when `text` is not one. */
export function parseIpv6(text: string): IpAddress | undefined {
  let body = text;
  if (body.startsWith("[") && body.endsWith("]")) body = body.slice(1, -1);
  let zone: string | undefined;
  const percent = body.indexOf("%");
  if (percent >= 0) {
    zone = body.slice(percent + 1).replace(/^25(?=.)/, "");
    body = body.slice(0, percent);
    if (zone === "" || !/^[\w.~-]+$/.test(zone)) return undefined;
  }
  if (!body.includes(":")) return undefined;
  const halves = body.split("::");
  if (halves.length > 2) return undefined;
  const groups = (half: string): number[] | undefined => {
    if (half === "") return [];
    const out: number[] = [];
    const pieces = half.split(":");
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i] as string;
      if (i === pieces.length - 1 && piece.includes(".")) {
        // Only strict dotted-decimal is allowed after the colons (RFC 4291).
        if (!/^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/.test(piece)) {
          return undefined;
        }
        const [a, b, c, d] = piece.split(".").map(Number) as [number, number, number, number];
        out.push((a << 8) | b, (c << 8) | d);
      } else {
        if (!/^[0-9a-f]{1,4}$/i.test(piece)) return undefined;
        out.push(Number.parseInt(piece, 16));
      }
    }
    return out;
  };
  const head = groups(halves[0] as string);
  const rest = halves.length === 2 ? groups(halves[1] as string) : [];
  if (!head || !rest) return undefined;
  const missing = 8 - head.length - rest.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const all = [...head, ...new Array<number>(halves.length === 2 ? missing : 0).fill(0), ...rest];
  let value = 0n;
  for (const g of all) value = (value << 16n) | BigInt(g);
  return zone === undefined ? { version: 6, value } : { version: 6, value, zone };
}

export type HostParse =
  | { kind: "ip"; address: IpAddress }
  | { kind: "name"; name: string }
  | { kind: "invalid"; message: string };

/**
 * A URL host or allow-list entry, normalised: IP literals to their value, names to lower case
 * without a trailing dot (`LOCALHOST.` → `localhost`).
 */
export function parseHost(host: string): HostParse {
  const text = host.trim();
  if (text === "") return { kind: "invalid", message: "the host is empty" };
  if (text.startsWith("[") || text.includes(":")) {
    const address = parseIpv6(text);
    return address ? { kind: "ip", address } : { kind: "invalid", message: `"${host}" is not a valid IPv6 address` };
  }
  const v4 = parseIpv4(text.toLowerCase());
  if (v4.kind === "ipv4") return { kind: "ip", address: v4.address };
  if (v4.kind === "invalid") return { kind: "invalid", message: `"${host}" looks like an IPv4 address but is not one` };
  const name = text.toLowerCase().replace(/\.$/, "");
  if (name === "" || name.startsWith(".") || name.includes("..")) {
    return { kind: "invalid", message: `"${host}" is not a valid host name` };
  }
  return { kind: "name", name };
}

/** Canonical text: dotted decimal for IPv4, RFC 5952 for IPv6 (mapped IPv4 as ::ffff:a.b.c.d). */
export function formatIp(address: IpAddress): string {
  if (address.version === 4) {
    const v = address.value;
    return [24n, 16n, 8n, 0n].map((s) => String((v >> s) & 255n)).join(".");
  }
  const groups: number[] = [];
  for (let i = 7; i >= 0; i--) groups.push(Number((address.value >> BigInt(16 * i)) & 0xffffn));
  if (address.value >> 32n === 0xffffn) {
    return `::ffff:${formatIp({ version: 4, value: address.value & 0xffffffffn })}`;
  }
  // The longest run of zero groups (length ≥ 2, first one wins) becomes "::".
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(":");
  const left = hex.slice(0, bestStart).join(":");
  const right = hex.slice(bestStart + bestLength).join(":");
  return `${left}::${right}`;
}
