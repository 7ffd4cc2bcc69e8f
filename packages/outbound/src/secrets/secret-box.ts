import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

/**
 * Endpoint secrets at rest: AES-256-GCM with a random 96-bit IV and a 128-bit tag, written as
 * `ftsec:v1:<iv>:<tag>:<ciphertext>` (base64url parts) so the format can change later without
 * guessing. The key is 32 bytes the caller passes — in Fieldtest, env `FIELDTEST_SECRET_KEY`
 * (base64 of 32 random bytes, e.g. `openssl rand -base64 32`) read by the app's env module and
 * turned into bytes with `parseSecretKey`. `context` (e.g. the model version id) is bound as
 * associated data: a blob copied onto another row does not decrypt there.
 */
const PREFIX = "ftsec";
const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;

export class SecretKeyError extends Error {
  override name = "SecretKeyError";
}

/** Decryption failed: wrong key, wrong context, or the stored value was changed or cut. */
export class SecretDecryptionError extends Error {
  override name = "SecretDecryptionError";
}

function checkKey(key: Uint8Array): void {
  if (key.byteLength !== KEY_BYTES) {
    throw new SecretKeyError(`the secret key must be ${KEY_BYTES} bytes, got ${key.byteLength}`);
  }
}

/** The key from its base64 text (FIELDTEST_SECRET_KEY); the error names the variable, never the value. */
export function parseSecretKey(base64: string | undefined, variable = "FIELDTEST_SECRET_KEY"): Buffer {
  const text = (base64 ?? "").trim();
  if (text === "") throw new SecretKeyError(`${variable} is not set; generate one with: openssl rand -base64 32`);
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) throw new SecretKeyError(`${variable} is not base64`);
  const key = Buffer.from(text, "base64");
  if (key.byteLength !== KEY_BYTES) {
    throw new SecretKeyError(
      `${variable} must be the base64 of ${KEY_BYTES} bytes (got ${key.byteLength}); generate one with: openssl rand -base64 32`,
    );
  }
  return key;
}

export function encryptSecret(plaintext: string, key: Uint8Array, context = ""): string {
  checkKey(key);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(`${PREFIX}:${VERSION}:${context}`));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const parts = [iv, cipher.getAuthTag(), ciphertext].map((b) => b.toString("base64url"));
  return [PREFIX, VERSION, ...parts].join(":");
}

export function decryptSecret(blob: string, key: Uint8Array, context = ""): string {
  checkKey(key);
  const parts = blob.split(":");
  if (parts[0] !== PREFIX || parts.length !== 5)
    throw new SecretDecryptionError("the stored secret is not in a known format");
  if (parts[1] !== VERSION) throw new SecretDecryptionError(`the stored secret has unknown format version ${parts[1]}`);
  const [iv, tag, ciphertext] = parts.slice(2).map((p) => Buffer.from(p, "base64url")) as [Buffer, Buffer, Buffer];
  if (iv.byteLength !== IV_BYTES || tag.byteLength !== TAG_BYTES) {
    throw new SecretDecryptionError("the stored secret is damaged (bad IV or tag length)");
  }
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(`${PREFIX}:${VERSION}:${context}`));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString("utf8");
  } catch {
    throw new SecretDecryptionError(
      "the stored secret could not be decrypted: FIELDTEST_SECRET_KEY differs from the one it was saved with, or the value was changed",
    );
  }
}
