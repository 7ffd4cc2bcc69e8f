"use client";

import { useState } from "react";
import { claimFieldErrors, type SubmitErrors } from "~/lib/form-errors";
import { sendFile, tableFormatOf } from "./send-file";

/** Bytes sent so far of the file being uploaded, for a progress bar. */
export type UploadProgressState = { sent: number; total: number } | null;

/**
 * Streams a table file (CSV, JSON Lines or Parquet, by its extension) to an upload route as
 * the raw request body, with the other fields in the query string, and reads the route's
 * `{ error: { field, message } }` reply into the errors of the `rendered` fields; an error on
 * any other field becomes the form-level message. Files never go through tRPC.
 * `upload<T>` resolves to the reply, or null.
 */
export function useUpload<F extends string>(url: string, rendered: readonly F[]) {
  const [pending, setPending] = useState(false);
  const [progress, setProgress] = useState<UploadProgressState>(null);
  const [errors, setErrors] = useState<SubmitErrors>({ fields: {}, message: null });

  async function upload<T>(file: File | null, fields: Record<string, string | undefined>): Promise<T | null> {
    setErrors({ fields: {}, message: null });
    if (!file || file.size === 0) {
      setErrors({ fields: { file: "Choose a file" }, message: null });
      return null;
    }
    const type = tableFormatOf(file.name);
    if (!type) {
      setErrors({ fields: { file: "Choose a .csv, .jsonl (.ndjson) or .parquet file" }, message: null });
      return null;
    }
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(fields)) if (value !== undefined && value !== "") query.set(name, value);
    query.set("format", type.format);
    setPending(true);
    setProgress({ sent: 0, total: file.size });
    try {
      const result = await sendFile<T>({
        url: `${url}?${query}`,
        body: file,
        contentType: type.contentType,
        onProgress: (sent, total) => setProgress({ sent, total }),
      });
      if (result.ok) return result.body;
      const { error } = result;
      setErrors(
        error.field
          ? { fields: { [error.field]: error.message }, message: null }
          : { fields: {}, message: error.message },
      );
      return null;
    } finally {
      setPending(false);
      setProgress(null);
    }
  }

  const clearErrors = () => setErrors({ fields: {}, message: null });

  return { upload, clearErrors, pending, progress, errors: claimFieldErrors(errors, rendered) };
}
