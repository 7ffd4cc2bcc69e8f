import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Webhook signatures (the `fieldtest-signature` header): `t=<unix seconds>,v1=<hex>`, where hex is
 * HMAC-SHA256 of `<t>.<body>` with the webhook's secret. The timestamp inside the signed text lets
 * a receiver refuse replays older than its tolerance.
 */
export const WEBHOOK_SIGNATURE_HEADER = "fieldtest-signature";

/** The hex HMAC-SHA256 of `<timestamp>.<body>`. */
export function webhookSignatureOf(input: { secret: string; timestamp: number; body: string }): string {
  return createHmac("sha256", input.secret).update(`${input.timestamp}.${input.body}`).digest("hex");
}

/** The header value for a body sent at `now` (default: the clock). */
export function signWebhookBody(input: { secret: string; body: string; now?: Date }): string {
  const timestamp = Math.floor((input.now ?? new Date()).getTime() / 1000);
  return `t=${timestamp},v1=${webhookSignatureOf({ secret: input.secret, timestamp, body: input.body })}`;
}

/**
 * Whether `header` is a valid signature of `body` with `secret`, made at most `toleranceSeconds`
 * (default 300) from `now`. Any v1 entry may match (several appear while a secret is rotated).
 */
export function verifyWebhookSignature(input: {
  secret: string;
  body: string;
  header: string | undefined;
  now?: Date;
  toleranceSeconds?: number;
}): boolean {
  if (!input.header) return false;
  const parts = input.header.split(",").map((p) => p.trim().split("="));
  const t = parts.find(([k]) => k === "t")?.[1];
  const signatures = parts.filter(([k, v]) => k === "v1" && v !== undefined).map(([, v]) => v as string);
  if (!t || !/^\d+$/.test(t) || signatures.length === 0) return false;
  const timestamp = Number(t);
  const now = Math.floor((input.now ?? new Date()).getTime() / 1000);
  if (Math.abs(now - timestamp) > (input.toleranceSeconds ?? 300)) return false;
  const expected = Buffer.from(webhookSignatureOf({ secret: input.secret, timestamp, body: input.body }), "hex");
  return signatures.some((s) => {
    if (!/^[0-9a-f]+$/i.test(s)) return false;
    const given = Buffer.from(s, "hex");
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}
