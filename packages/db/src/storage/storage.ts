/**
 * Blob storage for dataset and prediction content. Postgres holds the metadata;
 * the bytes live behind this interface (a directory today, an S3-compatible bucket later).
 */
export interface BlobStorage {
  /** Stores `content` under `key`; a list of parts is stored as their concatenation (no copy needed). */
  put(key: string, content: Uint8Array | readonly Uint8Array[]): Promise<void>;
  get(key: string): Promise<Uint8Array>;
  exists(key: string): Promise<boolean>;
}
