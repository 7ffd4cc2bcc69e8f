import { badInput, type Db } from "@fieldtest/db";
import { decryptSecret, type EndpointAuth, parseSecretKey } from "@fieldtest/outbound";
import { workerEnv } from "../env.ts";

/**
 * The auth header and decrypted secret an endpoint version is called with, or null when it was
 * registered without one. Read from the version row at run time (never frozen into the run's
 * config), decrypted with FIELDTEST_SECRET_KEY bound to the version's id, and never logged.
 */
export async function endpointAuthOf(
  db: Db,
  modelVersionId: string,
  secretKey: string | undefined = workerEnv().FIELDTEST_SECRET_KEY,
): Promise<EndpointAuth | null> {
  const version = await db.modelVersion.findUnique({
    where: { id: modelVersionId },
    select: { endpointAuthHeader: true, endpointSecret: true },
  });
  if (!version?.endpointAuthHeader || !version.endpointSecret) return null;
  if (!secretKey) {
    throw badInput(
      "modelVersionId",
      "This version's endpoint takes a secret, but the worker has no FIELDTEST_SECRET_KEY to decrypt it; set the same key as the web app's",
    );
  }
  let secret: string;
  try {
    secret = decryptSecret(version.endpointSecret, parseSecretKey(secretKey), modelVersionId);
  } catch {
    throw badInput(
      "modelVersionId",
      "This version's endpoint secret cannot be decrypted with the worker's FIELDTEST_SECRET_KEY (a different key than the web app's?); enter the secret again",
    );
  }
  return { header: version.endpointAuthHeader, secret };
}
