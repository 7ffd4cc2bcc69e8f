import "server-only";
import { AppError } from "@fieldtest/db";
import { allowsAddress, allowsHost, checkUrl, OutboundRefused, parseAllowList } from "@fieldtest/outbound";
import { env } from "../../env";
import { outboundClient } from "../endpoints/outbound";

const bad = (message: string, cause?: unknown) => new AppError("BAD_INPUT", message, { field: "url", cause });

/**
 * A webhook URL the outbound policy accepts (DESIGN.md "Model endpoints"): https, or http to a host
 * FIELDTEST_OUTBOUND_ALLOW lists; no credentials; loopback, private and link-local addresses only
 * when allowed; a name resolving to a refused address is refused. A name that does not resolve
 * yet is accepted: every delivery checks the destination again at connect time.
 * BAD_INPUT on `url` otherwise. Returns the normalised URL.
 */
export async function checkWebhookUrl(raw: string): Promise<string> {
  const allow = parseAllowList(env.FIELDTEST_OUTBOUND_ALLOW);
  const decision = checkUrl({ url: raw, allow });
  if (!decision.allowed) {
    throw bad(decision.message.replaceAll("endpoint URL", "webhook URL").replace(/^the /, "The "));
  }
  const { url, host } = decision;
  if (url.protocol !== "https:") {
    const listed = host.kind === "ip" ? allowsAddress(allow, host.address) : allowsHost(allow, host.name);
    if (!listed) throw bad("A webhook URL must use https (http only to hosts listed in FIELDTEST_OUTBOUND_ALLOW)");
  }
  try {
    await outboundClient().checkDestination(url, AbortSignal.timeout(5_000));
  } catch (err) {
    if (err instanceof OutboundRefused) throw bad(err.message, err);
  }
  return url.toString();
}
