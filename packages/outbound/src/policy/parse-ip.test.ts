import { describe, expect, it } from "vitest";
import { parseAllowList } from "./allow-list.ts";
import { formatIp, parseHost } from "./parse-ip.ts";

function normalised(host: string): string {
  const parsed = parseHost(host);
  if (parsed.kind === "ip") return formatIp(parsed.address);
  if (parsed.kind === "name") return `name:${parsed.name}`;
  return "invalid";
}

describe("parseHost normalises", () => {
  it.each([
    ["127.0.0.1", "127.0.0.1"],
    ["2130706433", "127.0.0.1"],
    ["0177.0.0.1", "127.0.0.1"],
    ["0x7f.0.0.1", "127.0.0.1"],
    ["0X7F.0.0.1", "127.0.0.1"],
    ["0x7f000001", "127.0.0.1"],
    ["127.1", "127.0.0.1"],
    ["127.0.1", "127.0.0.1"],
    ["0x7f.0x0.0x0.0x1", "127.0.0.1"],
    ["127.0.0.1.", "127.0.0.1"],
    ["0", "0.0.0.0"],
    ["0x", "0.0.0.0"],
    ["4294967295", "255.255.255.255"],
    ["::1", "::1"],
    ["[::1]", "::1"],
    ["0:0:0:0:0:0:0:1", "::1"],
    ["::FFFF:127.0.0.1", "::ffff:127.0.0.1"],
    ["::ffff:7f00:1", "::ffff:127.0.0.1"],
    ["[fe80::1%eth0]", "fe80::1"],
    ["fe80::1%25eth0", "fe80::1"],
    ["2001:DB8:0:0:1:0:0:1", "2001:db8::1:0:0:1"],
    ["2001:db8::", "2001:db8::"],
    ["1::", "1::"],
    ["LOCALHOST.", "name:localhost"],
    ["Example.COM", "name:example.com"],
    ["1e100.net", "name:1e100.net"],
    ["4294967296", "invalid"],
    ["256.1.1.1", "invalid"],
    ["1.2.3.4.5", "invalid"],
    ["08.0.0.1", "invalid"],
    ["1..2", "invalid"],
    [":::1", "invalid"],
    ["1:2:3:4:5:6:7:8:9", "invalid"],
    ["1::2::3", "invalid"],
    ["::ffff:1.2.3.256", "invalid"],
    ["fe80::1%", "invalid"],
    ["", "invalid"],
  ])("%j → %s", (host, expected) => {
    expect(normalised(host)).toBe(expected);
  });
});

describe("parseAllowList", () => {
  it("reads host names, wildcards, IPs in any spelling and CIDRs", () => {
    const allow = parseAllowList(" localhost , *.svc.cluster.local, 0x7f.1, 10.0.0.0/8, ::1, fd00::/8 ,");
    expect([...allow.hosts]).toEqual(["localhost"]);
    expect(allow.suffixes).toEqual([".svc.cluster.local"]);
    expect(allow.cidrs.map((c) => `${formatIp({ version: c.version, value: c.network })}/${c.prefix}`)).toEqual([
      "127.0.0.1/32",
      "10.0.0.0/8",
      "::1/128",
      "fd00::/8",
    ]);
  });

  it.each(["10.0.0.0/33", "::/129", "10.0.0.0/x", "example.com/8", "256.0.0.1", "*.", "a..b"])(
    "names the bad entry %j",
    (entry) => {
      expect(() => parseAllowList(`localhost,${entry}`)).toThrow(/FIELDTEST_OUTBOUND_ALLOW: .*"/);
    },
  );

  it("is empty for an unset or blank variable", () => {
    expect(parseAllowList(undefined).cidrs).toEqual([]);
    expect(parseAllowList("  ").hosts.size).toBe(0);
  });
});
