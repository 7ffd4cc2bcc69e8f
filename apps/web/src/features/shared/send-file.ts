"use client";

/** An upload route's reply: its JSON body, or its `{ error: { field, message } }`. */
export type SendFileResult<T> =
  | { ok: true; status: number; body: T }
  | { ok: false; status: number; error: { field: string | null; message: string } };

/**
 * POSTs a file (or a slice of one) as the raw request body, the other fields in the query
 * string, as the streaming upload routes take it. XMLHttpRequest rather than fetch: only it
 * reports upload progress, which a 200 MB file needs. Resolves; never rejects.
 */
export function sendFile<T>(options: {
  url: string;
  body: Blob;
  contentType: string;
  onProgress?: (sent: number, total: number) => void;
  signal?: AbortSignal;
}): Promise<SendFileResult<T>> {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", options.url);
    xhr.setRequestHeader("Content-Type", options.contentType);
    xhr.responseType = "text";
    if (options.onProgress) {
      const report = options.onProgress;
      xhr.upload.onprogress = (event) => report(event.loaded, event.lengthComputable ? event.total : options.body.size);
    }
    const failed = (message: string, status = 0) => resolve({ ok: false, status, error: { field: null, message } });
    xhr.onerror = () => failed("The upload did not reach the server; check your connection and try again");
    xhr.onabort = () => failed("Upload cancelled; nothing was stored");
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = null;
      }
      const error = (body as { error?: { field: string | null; message: string } } | null)?.error;
      if (xhr.status >= 200 && xhr.status < 300 && body !== null && !error) {
        resolve({ ok: true, status: xhr.status, body: body as T });
      } else {
        resolve({
          ok: false,
          status: xhr.status,
          error: error ?? { field: null, message: `Upload failed (HTTP ${xhr.status})` },
        });
      }
    };
    options.signal?.addEventListener("abort", () => xhr.abort(), { once: true });
    xhr.send(options.body);
  });
}

/** The format of a table file by its name, as the upload routes take it; null when unknown. */
export function tableFormatOf(fileName: string): { format: "csv" | "jsonl" | "parquet"; contentType: string } | null {
  const lower = fileName.toLowerCase();
  if (lower.endsWith(".csv")) return { format: "csv", contentType: "text/csv" };
  if (lower.endsWith(".jsonl") || lower.endsWith(".ndjson"))
    return { format: "jsonl", contentType: "application/x-ndjson" };
  if (lower.endsWith(".parquet")) return { format: "parquet", contentType: "application/vnd.apache.parquet" };
  return null;
}

export const TABLE_FILE_ACCEPT =
  ".csv,.jsonl,.ndjson,.parquet,text/csv,application/x-ndjson,application/vnd.apache.parquet";
