import { describe, expect, it } from "vitest";
import { parseAllowList } from "./allow-list.ts";
import { checkAddress, checkUrl, type RefusalReason } from "./check-destination.ts";
import { parseHost } from "./parse-ip.ts";

const none = parseAllowList(undefined);

describe("checkUrl refuses every blocked spelling", () => {
  it.each<[string, RefusalReason]>([
    // loopback, in every IPv4 spelling a resolver or URL parser accepts
    ["http://127.0.0.1/", "loopback"],
    ["http://127.0.0.1:8080/v2/models/m/infer", "loopback"],
    ["http://2130706433/", "loopback"],
    ["http://0177.0.0.1/", "loopback"],
    ["http://0x7f.0.0.1/", "loopback"],
    ["http://0x7f000001/", "loopback"],
    ["http://127.1/", "loopback"],
    ["http://127.0.1/", "loopback"],
    ["http://0177.1/", "loopback"],
    ["http://127.000.000.001/", "loopback"],
    ["http://127.0.0.1./", "loopback"],
    ["http://127.255.255.254/", "loopback"],
    ["http://%31%32%37.0.0.1/", "loopback"],
    ["http://127。0。0。1/", "loopback"],
    ["HTTP://127.0.0.1/", "loopback"],
    // IPv6 loopback and IPv4 embedded in IPv6
    ["http://[::1]/", "loopback"],
    ["http://[0:0:0:0:0:0:0:1]/", "loopback"],
    ["http://[::ffff:127.0.0.1]/", "loopback"],
    ["http://[::FFFF:7F00:1]/", "loopback"],
    ["http://[::ffff:7f00:1]:9000/", "loopback"],
    ["http://[::127.0.0.1]/", "loopback"],
    ["http://[64:ff9b::127.0.0.1]/", "loopback"],
    ["http://[64:ff9b::a00:1]/", "private"],
    ["http://[2002:7f00:1::]/", "loopback"],
    ["http://[::ffff:0:7f00:1]/", "loopback"],
    // private, link-local, unspecified, CGNAT
    ["http://10.0.0.1/", "private"],
    ["http://012.1/", "private"],
    ["http://172.16.0.1/", "private"],
    ["http://172.31.255.255/", "private"],
    ["http://192.168.1.10/", "private"],
    ["http://3232235777/", "private"],
    ["http://[fd12:3456::1]/", "private"],
    ["http://[fc00::1]/", "private"],
    ["http://[::ffff:192.168.0.1]/", "private"],
    ["http://169.254.1.1/", "link-local"],
    ["http://[fe80::1]/", "link-local"],
    ["http://[fe80::1%25eth0]/", "link-local"],
    ["http://[FE80::1%eth0]/", "link-local"],
    ["http://0.0.0.0/", "unspecified"],
    ["http://0/", "unspecified"],
    ["http://[::]/", "unspecified"],
    ["http://100.64.0.1/", "carrier-grade-nat"],
    ["http://100.127.255.255/", "carrier-grade-nat"],
    ["http://224.0.0.1/", "multicast"],
    ["http://255.255.255.255/", "reserved"],
    // cloud metadata
    ["http://169.254.169.254/latest/meta-data/", "cloud-metadata"],
    ["http://0xa9fea9fe/", "cloud-metadata"],
    ["http://2852039166/", "cloud-metadata"],
    ["http://0251.0376.0251.0376/", "cloud-metadata"],
    ["http://[::ffff:169.254.169.254]/", "cloud-metadata"],
    ["http://[::ffff:a9fe:a9fe]/", "cloud-metadata"],
    ["http://[fd00:ec2::254]/", "cloud-metadata"],
    ["http://100.100.100.200/", "cloud-metadata"],
    ["http://169.254.170.2/v2/credentials", "cloud-metadata"],
    ["http://metadata.google.internal/computeMetadata/v1/", "cloud-metadata"],
    ["http://METADATA.GOOGLE.INTERNAL./", "cloud-metadata"],
    ["http://metadata/", "cloud-metadata"],
    ["http://instance-data.ec2.internal/", "cloud-metadata"],
    // schemes and credentials
    ["ftp://example.com/model", "scheme"],
    ["file:///etc/passwd", "scheme"],
    ["gopher://example.com/", "scheme"],
    ["javascript:alert(1)", "scheme"],
    ["https://user:pass@example.com/", "credentials"],
    ["https://token@example.com/", "credentials"],
    ["https://:@example.com/", "credentials"],
    ["http://example.com@127.0.0.1/", "credentials"],
    // not URLs or not addresses
    ["/v2/models/m/infer", "invalid-url"],
    ["http://1.2.3.4.5/", "invalid-url"],
    ["http://256.0.0.1/", "invalid-url"],
    ["http://[::1/", "invalid-url"],
  ])("%s → %s", (url, reason) => {
    const decision = checkUrl({ url, allow: none });
    expect(decision.allowed).toBe(false);
    if (decision.allowed) return;
    expect(decision.reason).toBe(reason);
    expect(decision.message.length).toBeGreaterThan(10);
  });
});

describe("checkUrl allows", () => {
  it.each<[string, string, string]>([
    ["a public host name", "https://models.example.com/v2/models/m/infer", ""],
    ["a public IPv4 address", "http://93.184.216.34/predict", ""],
    ["a public IPv6 address", "http://[2606:4700:4700::1111]/predict", ""],
    ["IPv4-mapped public address", "http://[::ffff:8.8.8.8]/", ""],
    ["just outside 172.16/12", "http://172.32.0.1/", ""],
    ["just outside 100.64/10", "http://100.128.0.1/", ""],
    ["loopback when its CIDR is allowed", "http://127.0.0.1:8080/", "127.0.0.0/8"],
    ["a loopback spelling when its CIDR is allowed", "http://0x7f.1/", "127.0.0.0/8"],
    ["IPv4-mapped loopback when the IPv4 CIDR is allowed", "http://[::ffff:127.0.0.1]/", "127.0.0.0/8"],
    ["IPv6 loopback when allowed", "http://[::1]:9000/", "::1"],
    ["a private address covered by a CIDR", "http://10.1.2.3/", "10.0.0.0/8"],
    ["a private IPv6 address covered by a CIDR", "http://[fd12::5]/", "fd00::/8"],
    ["localhost (resolved later)", "http://localhost:8080/", ""],
  ])("%s", (_name, url, allow) => {
    const decision = checkUrl({ url, allow: parseAllowList(allow) });
    expect(decision).toMatchObject({ allowed: true });
  });

  it("refuses metadata addresses even when an allow-list entry covers them", () => {
    const allow = parseAllowList("169.254.0.0/16,0.0.0.0/0,::/0,metadata.google.internal");
    for (const url of [
      "http://169.254.169.254/",
      "http://[fd00:ec2::254]/",
      "http://100.100.100.200/",
      "http://metadata.google.internal/",
    ]) {
      expect(checkUrl({ url, allow })).toMatchObject({ allowed: false, reason: "cloud-metadata" });
    }
    expect(checkUrl({ url: "http://169.254.1.1/", allow })).toMatchObject({ allowed: true });
  });

  it("never puts credentials in the message", () => {
    const decision = checkUrl({ url: "https://alice:s3cr3t-pw@example.com/", allow: none });
    expect(decision.allowed).toBe(false);
    if (!decision.allowed) expect(decision.message).not.toContain("s3cr3t-pw");
  });

  it("tells the user how to allow a refused private destination", () => {
    const decision = checkUrl({ url: "http://[::ffff:7f00:1]:8080/x?token=abc", allow: none });
    expect(decision.allowed).toBe(false);
    if (decision.allowed) return;
    expect(decision.message).toContain("IPv4-mapped 127.0.0.1");
    expect(decision.message).toContain("FIELDTEST_OUTBOUND_ALLOW");
    expect(decision.message).not.toContain("token=abc");
  });

  it("refuses a zone id on an otherwise allowed address", () => {
    const decision = checkUrl({ url: "http://[fe80::1%25eth0]/", allow: parseAllowList("fe80::/10") });
    expect(decision).toMatchObject({ allowed: false, reason: "zone-id" });
  });
});

describe("checkAddress (DNS answers)", () => {
  const ip = (text: string) => {
    const parsed = parseHost(text);
    if (parsed.kind !== "ip") throw new Error(text);
    return parsed.address;
  };

  it.each<[string, string | undefined, string, boolean]>([
    ["127.0.0.1", "localhost", "", false],
    ["127.0.0.1", "localhost", "localhost", true],
    ["127.0.0.1", "localhost", "127.0.0.0/8", true],
    ["127.0.0.1", "attacker.example", "localhost", false],
    ["::ffff:127.0.0.1", "attacker.example", "", false],
    ["10.0.0.7", "service.internal.example", "*.internal.example", true],
    ["10.0.0.7", "internal.example.evil", "*.internal.example", false],
    ["169.254.169.254", "allowed.example", "allowed.example,169.254.0.0/16", false],
    ["93.184.216.34", "example.com", "", true],
  ])("%s from %s with allow %j → allowed %s", (address, hostName, allow, allowed) => {
    const refusal = checkAddress({ address: ip(address), hostName, allow: parseAllowList(allow) });
    expect(refusal === undefined).toBe(allowed);
    if (refusal && hostName) expect(refusal.message).toContain(`${hostName} resolves to`);
  });
});
