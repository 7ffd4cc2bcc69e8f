import { hasControlCharacter, RESERVED_AUTH_HEADERS } from "@fieldtest/core";

/**
 * How an endpoint authenticates Fieldtest's calls: one header whose value is the secret — a bearer
 * token (`authorization: Bearer …`) or a custom header (`x-api-key: …`). The secret is stored
 * encrypted (secret-box.ts), sent only to the endpoint's origin, and never logged or shown.
 */
export interface EndpointAuth {
  header: string;
  secret: string;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

export class EndpointAuthError extends Error {
  override name = "EndpointAuthError";
}

/** `{ header: "authorization", secret: "Bearer <token>" }`. */
export function bearerAuth(token: string): EndpointAuth {
  return { header: "authorization", secret: `Bearer ${token.trim()}` };
}

/** Throws an EndpointAuthError (naming the header, never the secret) when the auth cannot be sent. */
export function validateEndpointAuth(auth: EndpointAuth): void {
  if (!TOKEN.test(auth.header)) throw new EndpointAuthError(`"${auth.header}" is not a valid HTTP header name`);
  if (RESERVED_AUTH_HEADERS.has(auth.header.toLowerCase())) {
    throw new EndpointAuthError(
      `the header "${auth.header}" is set by Fieldtest itself; use another header for the secret`,
    );
  }
  if (auth.secret === "") throw new EndpointAuthError(`the secret for header "${auth.header}" is empty`);
  // Control characters would let a secret inject headers; a visible message must not echo it.
  if (hasControlCharacter(auth.secret)) {
    throw new EndpointAuthError(`the secret for header "${auth.header}" contains a line break or control character`);
  }
}
