import { AppError, type BlobStorage, type ColumnarTable, decodeTable } from "@fieldtest/db";

/** Reads a stored columnar table; a missing blob is a NOT_FOUND error naming what it held. */
export async function readStoredTable(storage: BlobStorage, key: string, what: string): Promise<ColumnarTable> {
  if (!(await storage.exists(key))) {
    throw new AppError("NOT_FOUND", `The stored file of ${what} is missing from storage (${key})`);
  }
  return decodeTable(await storage.get(key));
}
