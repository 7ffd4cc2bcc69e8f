import { CopyButton } from "~/features/shared/copy-button";

/** A value in a table cell with a copy button (hashes, seeds): the reproducibility block of a run column. */
export function CopyCell({ value }: { value: string }) {
  return (
    <span className="flex min-w-0 items-center gap-2">
      <code className="truncate rounded bg-surface-muted px-1.5 py-0.5 font-mono text-xs" title={value}>
        {value}
      </code>
      <CopyButton value={value} label={value} />
    </span>
  );
}
