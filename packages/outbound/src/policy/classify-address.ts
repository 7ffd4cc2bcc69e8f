import { formatIp, type IpAddress, parseHost } from "./parse-ip.ts";

/** What kind of destination an address is; everything but `public` is refused unless allowed. */
export type AddressKind =
  | "public"
  | "loopback"
  | "private"
  | "link-local"
  | "unspecified"
  | "carrier-grade-nat"
  | "multicast"
  | "reserved"
  | "cloud-metadata";

export interface AddressClass {
  kind: AddressKind;
  /** The IPv4 address an IPv6 form carries (mapped, compatible, NAT64, 6to4, Teredo), if any. */
  embedded?: IpAddress;
  /** Which IPv6 form embedded it, for messages. */
  via?: string;
}

interface Range {
  network: bigint;
  prefix: number;
  kind: AddressKind;
}

function range(cidr: string, kind: AddressKind): Range {
  const [host, prefix] = cidr.split("/") as [string, string];
  const parsed = parseHost(host);
  if (parsed.kind !== "ip") throw new Error(`bad built-in range ${cidr}`);
  return { network: parsed.address.value, prefix: Number(prefix), kind };
}

export function inPrefix(value: bigint, bits: number, network: bigint, prefix: number): boolean {
  const shift = BigInt(bits - prefix);
  return value >> shift === network >> shift;
}

/**
 * Instance-metadata services hand out cloud credentials: refused even when an allow-list entry
 * covers them. AWS (IMDS, ECS task and EKS pod-identity agents, IPv4 and IPv6), GCP and Azure
 * (169.254.169.254), Alibaba Cloud (100.100.100.200), Oracle Cloud's legacy 192.0.0.192.
 */
const METADATA_ADDRESSES = new Set(
  [
    "169.254.169.254",
    "169.254.170.2",
    "169.254.170.23",
    "100.100.100.200",
    "192.0.0.192",
    "fd00:ec2::254",
    "fd00:ec2::23",
  ].map((text) => {
    const parsed = parseHost(text);
    if (parsed.kind !== "ip") throw new Error(`bad built-in address ${text}`);
    return `${parsed.address.version}/${parsed.address.value}`;
  }),
);

const IPV4_RANGES: Range[] = [
  range("0.0.0.0/8", "unspecified"),
  range("127.0.0.0/8", "loopback"),
  range("10.0.0.0/8", "private"),
  range("172.16.0.0/12", "private"),
  range("192.168.0.0/16", "private"),
  range("169.254.0.0/16", "link-local"),
  range("100.64.0.0/10", "carrier-grade-nat"),
  range("192.0.0.0/24", "reserved"),
  range("198.18.0.0/15", "reserved"),
  range("224.0.0.0/4", "multicast"),
  range("240.0.0.0/4", "reserved"),
];

const IPV6_RANGES: Range[] = [
  range("::/128", "unspecified"),
  range("::1/128", "loopback"),
  range("fc00::/7", "private"),
  range("fec0::/10", "private"),
  range("fe80::/10", "link-local"),
  range("ff00::/8", "multicast"),
  range("100::/64", "reserved"),
  // RFC 8215 local-use NAT64: the embedding is operator-defined, so it cannot be checked.
  range("64:ff9b:1::/48", "private"),
];

const V4 = (value: bigint): IpAddress => ({ version: 4, value: value & 0xffffffffn });

/** The IPv4 address carried inside an IPv6 one, for every form that routes to it. */
function embeddedIpv4(value: bigint): { address: IpAddress; via: string } | undefined {
  if (value >> 32n === 0xffffn) return { address: V4(value), via: "IPv4-mapped" };
  if (value >> 32n === 0n && value > 1n) return { address: V4(value), via: "IPv4-compatible" };
  if (value >> 32n === 0xffff0000n) return { address: V4(value), via: "IPv4-translated" };
  if (inPrefix(value, 128, 0x0064ff9bn << 96n, 96)) return { address: V4(value), via: "NAT64" };
  if (value >> 112n === 0x2002n) return { address: V4(value >> 80n), via: "6to4" };
  // Teredo: the client's IPv4 address is stored inverted in the last 32 bits.
  if (value >> 96n === 0x20010000n) return { address: V4(~value), via: "Teredo" };
  return undefined;
}

function classifyPlain(address: IpAddress): AddressKind {
  if (METADATA_ADDRESSES.has(`${address.version}/${address.value}`)) return "cloud-metadata";
  const bits = address.version === 4 ? 32 : 128;
  const ranges = address.version === 4 ? IPV4_RANGES : IPV6_RANGES;
  for (const r of ranges) if (inPrefix(address.value, bits, r.network, r.prefix)) return r.kind;
  return "public";
}

/** The kind of an address, looking through every IPv6 form that embeds an IPv4 address. */
export function classifyAddress(address: IpAddress): AddressClass {
  if (address.version === 6) {
    const embedded = embeddedIpv4(address.value);
    if (embedded) {
      const kind = classifyPlain(embedded.address);
      return { kind, embedded: embedded.address, via: embedded.via };
    }
  }
  return { kind: classifyPlain(address) };
}

const KIND_WORDS: Record<AddressKind, string> = {
  public: "a public address",
  loopback: "a loopback address",
  private: "a private-network address",
  "link-local": "a link-local address",
  unspecified: "an unspecified address",
  "carrier-grade-nat": "a carrier-grade NAT address",
  multicast: "a multicast address",
  reserved: "a reserved address",
  "cloud-metadata": "a cloud metadata service",
};

/**
 * "127.0.0.1 is a loopback address", "::ffff:7f00:1 (IPv4-mapped 127.0.0.1) is a loopback address",
 * or with a host name: "localhost resolves to 127.0.0.1, which is a loopback address".
 */
export function describeAddress(address: IpAddress, hostName?: string): string {
  const cls = classifyAddress(address);
  const inner = cls.embedded && cls.via ? ` (${cls.via} ${formatIp(cls.embedded)})` : "";
  const subject = `${formatIp(address)}${inner}`;
  return hostName
    ? `${hostName} resolves to ${subject}, which is ${KIND_WORDS[cls.kind]}`
    : `${subject} is ${KIND_WORDS[cls.kind]}`;
}
