"use client";

import { useState } from "react";

/** A labelled value with a copy button (hashes, seeds). */
export function CopyValue({ label, value, testId }: { label: string; value: string; testId: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="min-w-0">
      <dt className="text-xs text-muted-foreground">{label}</dt>
      <dd className="mt-0.5 flex items-center gap-2">
        <code
          data-testid={testId}
          className="truncate rounded bg-surface-muted px-1.5 py-0.5 font-mono text-xs"
          title={value}
        >
          {value}
        </code>
        <button
          type="button"
          className="shrink-0 rounded px-1.5 py-0.5 text-xs text-muted-foreground hover:bg-surface-muted hover:text-foreground"
          aria-label={`Copy ${label}`}
          onClick={async () => {
            await navigator.clipboard.writeText(value);
            setCopied(true);
            setTimeout(() => setCopied(false), 1500);
          }}
        >
          {copied ? "Copied" : "Copy"}
        </button>
      </dd>
    </div>
  );
}
