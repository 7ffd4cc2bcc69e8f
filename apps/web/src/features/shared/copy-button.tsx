"use client";

import { useState } from "react";

/** "Copy" → "Copied" for a moment: copies `value` to the clipboard. `label` names what is copied. */
export function CopyButton({ value, label }: { value: string; label: string }) {
  const [copied, setCopied] = useState(false);
  return (
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
      <span aria-live="polite">{copied ? "Copied" : "Copy"}</span>
    </button>
  );
}

/** An object's id, shortened, with a copy button: what the API and the CLI take. */
export function CopyId({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <span className="inline-flex items-center gap-1 text-xs text-muted-foreground">
      {label}
      <code data-testid={testId} className="rounded bg-surface-muted px-1.5 py-0.5 font-mono" title={value}>
        {value.slice(0, 8)}…
      </code>
      <CopyButton value={value} label={label} />
    </span>
  );
}
