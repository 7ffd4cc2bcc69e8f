import "server-only";
import { AppError } from "@fieldtest/db";
import {
  allowsAddress,
  allowsHost,
  checkUrl,
  createOutboundClient,
  type OutboundClient,
  OutboundRefused,
  parseAllowList,
} from "@fieldtest/outbound";
import { env } from "../../env";

const globalForWebhooks = globalThis as unknown as { fieldtestWebhookOutbound?: OutboundClient };

/** A client with the webhooks' destination policy (FIELDTEST_WEBHOOK_ALLOW), used only to check destinations. */
function webhookOutboundClient(): OutboundClient {
  globalForWebhooks.fieldtestWebhookOutbound ??= createOutboundClient({
    allow: parseAllowList(env.FIELDTEST_WEBHOOK_ALLOW),
    timeoutMs: 10_000,
    retries: 0,
    maxRedirects: 0,
  });
  return globalForWebhooks.fieldtestWebhookOutbound;
}

/** The policy's messages name the endpoints' variable; a webhook's is FIELDTEST_WEBHOOK_ALLOW. */
const forWebhooks = (message: string) => message.replaceAll("FIELDTEST_OUTBOUND_ALLOW", "FIELDTEST_WEBHOOK_ALLOW");

const bad = (message: string, cause?: unknown) => new AppError("BAD_INPUT", message, { field: "url", cause });

/**
 * A webhook URL the outbound policy accepts (DESIGN.md "Model endpoints"), with the webhooks' own
 * allow-list: https, or http to a host FIELDTEST_WEBHOOK_ALLOW lists; no credentials; loopback, private and link-local addresses only
 * when allowed; a name resolving to a refused address is refused. A name that does not resolve
 * yet is accepted: every delivery checks the destination again at connect time.
 * BAD_INPUT on `url` otherwise. Returns the normalised URL.
 */
export async function checkWebhookUrl(raw: string): Promise<string> {
  const allow = parseAllowList(env.FIELDTEST_WEBHOOK_ALLOW);
  const decision = checkUrl({ url: raw, allow });
  if (!decision.allowed) {
    throw bad(forWebhooks(decision.message.replaceAll("endpoint URL", "webhook URL").replace(/^the /, "The ")));
  }
  const { url, host } = decision;
  if (url.protocol !== "https:") {
    const listed = host.kind === "ip" ? allowsAddress(allow, host.address) : allowsHost(allow, host.name);
    if (!listed) throw bad("A webhook URL must use https (http only to hosts listed in FIELDTEST_WEBHOOK_ALLOW)");
  }
  try {
    await webhookOutboundClient().checkDestination(url, AbortSignal.timeout(5_000));
  } catch (err) {
    if (err instanceof OutboundRefused) throw bad(forWebhooks(err.message), err);
  }
  return url.toString();
}
