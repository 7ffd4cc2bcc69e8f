import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signWebhookBody, verifyWebhookSignature, webhookSignatureOf } from "./webhook-signature.ts";

const secret = "whsec_test";
const body = '{"event":"review.requested"}';
const now = new Date("2026-11-27T10:00:00Z");
const t = now.getTime() / 1000;

describe("webhook signatures", () => {
  it("is the hex HMAC-SHA256 of '<t>.<body>', written t=…,v1=…", () => {
    const expected = createHmac("sha256", secret).update(`${t}.${body}`).digest("hex");
    expect(webhookSignatureOf({ secret, timestamp: t, body })).toBe(expected);
    expect(signWebhookBody({ secret, body, now })).toBe(`t=${t},v1=${expected}`);
  });

  const header = signWebhookBody({ secret, body, now });
  it.each([
    { name: "the signed body", input: { header }, ok: true },
    { name: "at the tolerance's edge", input: { header, now: new Date(now.getTime() + 300_000) }, ok: true },
    { name: "past the tolerance", input: { header, now: new Date(now.getTime() + 301_000) }, ok: false },
    { name: "another body", input: { header, body: `${body} ` }, ok: false },
    { name: "another secret", input: { header, secret: "whsec_other" }, ok: false },
    { name: "no header", input: { header: undefined }, ok: false },
    { name: "empty header", input: { header: "" }, ok: false },
    { name: "no timestamp", input: { header: header.replace(/^t=\d+,/, "") }, ok: false },
    { name: "a changed timestamp", input: { header: header.replace(`t=${t}`, `t=${t + 1}`) }, ok: false },
    { name: "a short signature", input: { header: header.slice(0, -2) }, ok: false },
    { name: "not hex", input: { header: `t=${t},v1=zz` }, ok: false },
    { name: "a second, valid v1", input: { header: `t=${t},v1=00ff,${header.split(",")[1]}` }, ok: true },
  ])("$name → $ok", ({ input, ok }) => {
    expect(verifyWebhookSignature({ secret, body, now, ...input })).toBe(ok);
  });
});
