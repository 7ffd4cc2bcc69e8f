import { describe, expect, it } from "vitest";
import { crossSiteRefusal, refuseCrossSite } from "./cross-site";

const APP = ["http://localhost:3000"];
const post = (headers: Record<string, string>, method = "POST") =>
  new Request("http://localhost:3000/api/trpc/model.create", { method, headers });

describe("crossSiteRefusal", () => {
  it("lets same-origin requests, safe methods and clients without browser headers through", () => {
    expect(crossSiteRefusal(post({ "sec-fetch-site": "same-origin", origin: APP[0] as string }), APP)).toBeNull();
    expect(crossSiteRefusal(post({ origin: "http://localhost:3000" }), APP)).toBeNull();
    expect(crossSiteRefusal(post({}), APP)).toBeNull();
    expect(crossSiteRefusal(post({ "sec-fetch-site": "cross-site" }, "GET"), APP)).toBeNull();
    expect(crossSiteRefusal(post({ "sec-fetch-site": "none" }), APP)).toBeNull();
    // Behind a proxy the Origin may not be the URL this server sees: Sec-Fetch-Site decides.
    expect(
      crossSiteRefusal(post({ "sec-fetch-site": "same-origin", origin: "https://public.example" }), APP),
    ).toBeNull();
  });

  it("refuses another site, a sibling subdomain and an opaque origin", () => {
    expect(crossSiteRefusal(post({ "sec-fetch-site": "cross-site" }), APP)).toContain("cross-site");
    expect(crossSiteRefusal(post({ "sec-fetch-site": "same-site" }), APP)).toContain("same-site");
    expect(crossSiteRefusal(post({ origin: "https://evil.example" }), APP)).toContain("https://evil.example");
    expect(crossSiteRefusal(post({ origin: "null" }), APP)).toContain("opaque");
  });

  it("answers 403 with the reason, accepting the public URL's origin too", async () => {
    const refused = refuseCrossSite(post({ origin: "https://evil.example" }), "https://fieldtest.example.com");
    expect(refused?.status).toBe(403);
    expect(await refused?.json()).toMatchObject({ error: { code: "FORBIDDEN" } });
    expect(
      refuseCrossSite(post({ origin: "https://fieldtest.example.com" }), "https://fieldtest.example.com/"),
    ).toBeNull();
  });
});
