import type { RefusalReason } from "../policy/check-destination.ts";

/** Every failure of an outbound call; `message` is written for the user and never holds a secret. */
export class OutboundError extends Error {
  override name = "OutboundError";
}

/** The destination policy refused the URL, a redirect target or a DNS answer. Never retried. */
export class OutboundRefused extends OutboundError {
  override name = "OutboundRefused";
  constructor(
    readonly reason: RefusalReason,
    message: string,
  ) {
    super(message);
  }
}

/** No complete answer within the call's timeout. */
export class OutboundTimeout extends OutboundError {
  override name = "OutboundTimeout";
  constructor(
    readonly url: string,
    readonly timeoutMs: number,
  ) {
    super(`${url} did not answer within ${timeoutMs} ms; check that the endpoint is up, or raise the timeout`);
  }
}

/** The endpoint answered with a non-2xx status (after retries, for 5xx and 429). */
export class OutboundHttpError extends OutboundError {
  override name = "OutboundHttpError";
  constructor(
    readonly url: string,
    readonly status: number,
    /** The start of the response body, secrets removed. */
    readonly bodyExcerpt: string,
    hint?: string,
  ) {
    const said = bodyExcerpt.trim() === "" ? "" : `: ${bodyExcerpt.trim()}`;
    super(`${url} answered HTTP ${status}${said}${hint ? ` (${hint})` : ""}`);
  }
}

/** The connection failed (DNS, refused, reset, TLS) on every attempt. */
export class OutboundConnectionError extends OutboundError {
  override name = "OutboundConnectionError";
  constructor(
    readonly url: string,
    /** The system error code, e.g. ECONNREFUSED, ENOTFOUND, CERT_HAS_EXPIRED. */
    readonly code: string,
    detail: string,
  ) {
    super(`could not reach ${url}: ${detail}`);
  }
}

/** The response body grew past the client's cap; the call is aborted. */
export class OutboundResponseTooLarge extends OutboundError {
  override name = "OutboundResponseTooLarge";
  constructor(
    readonly url: string,
    readonly limitBytes: number,
  ) {
    super(`${url} sent a response larger than ${limitBytes} bytes; lower the batch size or raise the response cap`);
  }
}

/** The call was cancelled by the caller's AbortSignal. */
export class OutboundAborted extends OutboundError {
  override name = "OutboundAborted";
}

/** The endpoint answered, but not in the shape its protocol promises (wrong count, NaN, p > 1, …). */
export class EndpointResponseError extends OutboundError {
  override name = "EndpointResponseError";
}

/** Removes each secret (and the token of a "Bearer <token>" value) from a text. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    const pieces = [secret, ...secret.split(/\s+/).filter((p) => p.length >= 6)];
    for (const piece of pieces) if (piece.length > 0) out = out.split(piece).join("[redacted]");
  }
  return out;
}
