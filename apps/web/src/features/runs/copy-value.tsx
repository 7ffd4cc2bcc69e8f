import { CopyButton } from "~/features/shared/copy-button";

/** A labelled value with a copy button (hashes, seeds). */
export function CopyValue({ label, value, testId }: { label: string; value: string; testId: string }) {
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
        <CopyButton value={value} label={label} />
      </dd>
    </div>
  );
}
