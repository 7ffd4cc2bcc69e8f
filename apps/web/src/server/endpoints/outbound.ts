import "server-only";
import { AppError } from "@fieldtest/db";
import {
  createOutboundClient,
  encryptSecret,
  type OutboundClient,
  OutboundError,
  parseAllowList,
  parseSecretKey,
} from "@fieldtest/outbound";
import { env } from "../../env";

const globalForOutbound = globalThis as unknown as { fieldtestOutbound?: OutboundClient };

/**
 * The web app's guarded outbound client (registration checks and "test connection"): the same
 * destination policy as the worker's, from FIELDTEST_OUTBOUND_ALLOW. Short timeout, no retries:
 * a person is waiting.
 */
export function outboundClient(): OutboundClient {
  globalForOutbound.fieldtestOutbound ??= createOutboundClient({
    allow: parseAllowList(env.FIELDTEST_OUTBOUND_ALLOW),
    timeoutMs: 10_000,
    retries: 0,
    concurrency: 4,
  });
  return globalForOutbound.fieldtestOutbound;
}

/**
 * Checks an endpoint URL against the destination policy, resolving its host and checking every
 * address, as the worker will at connect time. A refused or unresolvable destination is
 * BAD_INPUT on `field`, saying why.
 */
export async function checkEndpointDestination(url: string, field: string): Promise<void> {
  try {
    await outboundClient().checkDestination(url, AbortSignal.timeout(5_000));
  } catch (err) {
    if (err instanceof OutboundError) throw new AppError("BAD_INPUT", err.message, { field, cause: err });
    throw err;
  }
}

/** Encrypts an endpoint secret for the version it belongs to; BAD_INPUT when no key is configured. */
export function encryptEndpointSecret(secret: string, modelVersionId: string): string {
  if (!env.FIELDTEST_SECRET_KEY) {
    throw new AppError(
      "BAD_INPUT",
      "This server has no FIELDTEST_SECRET_KEY, so it cannot store endpoint secrets; register the endpoint without one, or ask an operator to set the key",
      { field: "endpoint.auth.secret" },
    );
  }
  return encryptSecret(secret, parseSecretKey(env.FIELDTEST_SECRET_KEY), modelVersionId);
}
