"use client";

import { formatBytes } from "~/lib/format";
import type { UploadProgressState } from "./use-upload";

/** A progress bar for a file upload; once every byte is sent, says the server is reading it. */
export function UploadProgress({ progress, testId }: { progress: UploadProgressState; testId?: string }) {
  if (!progress) return null;
  const { sent, total } = progress;
  const done = total > 0 && sent >= total;
  return (
    <div className="flex items-center gap-2 text-xs text-muted-foreground" data-testid={testId}>
      <progress className="h-2 w-40" max={total || 1} value={sent} aria-label="Upload progress" />
      <span aria-live="polite">
        {done ? "Uploaded; checking and storing…" : `${formatBytes(sent)} of ${formatBytes(total)}`}
      </span>
    </div>
  );
}
