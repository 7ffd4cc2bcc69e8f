"use client";

import { useState } from "react";
import { claimFieldErrors, type SubmitErrors } from "~/lib/form-errors";

/**
 * POSTs a multipart form to an upload route and reads its `{ error: { field, message } }`
 * reply into the errors of the `rendered` fields; an error on any other field becomes the
 * form-level message. Files never go through tRPC. `upload<T>` resolves to the reply, or null.
 */
export function useUpload<F extends string>(url: string, rendered: readonly F[]) {
  const [pending, setPending] = useState(false);
  const [errors, setErrors] = useState<SubmitErrors>({ fields: {}, message: null });

  async function upload<T>(form: FormData): Promise<T | null> {
    setPending(true);
    setErrors({ fields: {}, message: null });
    try {
      const response = await fetch(url, { method: "POST", body: form });
      const body = (await response.json().catch(() => null)) as
        | ({ error?: { field: string | null; message: string } } & T)
        | null;
      if (!response.ok || !body || body.error) {
        const error = body?.error ?? { field: null, message: `Upload failed (HTTP ${response.status})` };
        setErrors(
          error.field
            ? { fields: { [error.field]: error.message }, message: null }
            : { fields: {}, message: error.message },
        );
        return null;
      }
      return body;
    } catch {
      setErrors({ fields: {}, message: "The upload did not reach the server; check your connection and try again" });
      return null;
    } finally {
      setPending(false);
    }
  }

  return { upload, pending, errors: claimFieldErrors(errors, rendered) };
}
