/**
 * Cross-site request refusal for the routes a browser's session cookie authenticates (tRPC, the
 * upload routes). Session cookies are SameSite=Lax, so another site's form POST arrives without
 * them; this refuses the rest too (a sibling subdomain, a browser with other cookie rules): a
 * state-changing request whose Sec-Fetch-Site says it came from another site, or (from a browser
 * that does not send Sec-Fetch-Site) whose Origin is not this app's. Browsers send one of the two on every POST; a client with neither (curl, a
 * script) holds the cookie itself and is no cross-site forgery. The REST API is not concerned: it
 * takes API keys in a header, which a page of another site cannot set.
 */
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function crossSiteRefusal(request: Request, appOrigins: readonly string[]): string | null {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return null;
  const site = request.headers.get("sec-fetch-site");
  // A browser that sends Sec-Fetch-Site says where the request came from, and is believed: behind
  // a proxy the Origin may not match the URL this server sees, and a same-origin page must work.
  if (site !== null) {
    return site === "same-origin" || site === "none" ? null : `Cross-site request refused (Sec-Fetch-Site: ${site})`;
  }
  // Browsers without it: the Origin must be this app's.
  const origin = request.headers.get("origin");
  if (origin !== null && origin !== "null" && !appOrigins.includes(origin)) {
    return `Cross-site request refused (Origin: ${origin})`;
  }
  if (origin === "null") return "Cross-site request refused (opaque Origin)";
  return null;
}

/** This app's origins: its public URL (BETTER_AUTH_URL) and the origin the request was addressed to. */
export function appOriginsOf(request: Request, publicUrl: string | undefined): string[] {
  const origins = [new URL(request.url).origin];
  if (publicUrl) origins.push(new URL(publicUrl).origin);
  return origins;
}

/** A 403 JSON response for a refused cross-site request, or null to go on. */
export function refuseCrossSite(request: Request, publicUrl: string | undefined): Response | null {
  const reason = crossSiteRefusal(request, appOriginsOf(request, publicUrl));
  if (!reason) return null;
  return Response.json({ error: { code: "FORBIDDEN", field: null, message: reason } }, { status: 403 });
}
