"use client";

/**
 * The model page's "Readiness" section: per version a verdict pill with its gate counts, opening
 * (native <details>, keyboard-reachable) to the gate list and "readiness over time".
 * Queries are lazy: the newest EAGER_VERSIONS versions load on arrival, any other version when it
 * is opened (or linked to by #readiness-<versionId>), so a model with many versions does not fire
 * one query per version at once. Viewing may write a new immutable report when evidence changed.
 * e2e: readiness-panel; per version readiness-verdict (data-version, data-verdict once loaded);
 * gate rows readiness-gate (data-status); readiness-history.
 */
import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTRPC } from "~/trpc/react";
import type { Readiness } from "./readiness-data";
import { ReadinessDetail } from "./readiness-detail";
import { VerdictPill } from "./readiness-status";

/** How many of the newest versions load their verdict without being opened. */
const EAGER_VERSIONS = 3;

export interface ReadinessVersionOption {
  id: string;
  version: string;
  stage: string;
}

export function ReadinessPanel({ versions }: { versions: ReadinessVersionOption[] }) {
  if (versions.length === 0) {
    return (
      <div data-testid="readiness-panel">
        <p className="text-muted-foreground">
          No versions yet. Register a version and run a benchmark; its readiness gates are judged here.
        </p>
      </div>
    );
  }
  return (
    <div data-testid="readiness-panel" className="flex flex-col gap-2">
      {versions.length > EAGER_VERSIONS && (
        <p className="text-xs text-muted-foreground">
          Verdicts of the newest {EAGER_VERSIONS} versions load on arrival; open an older version to evaluate it.
        </p>
      )}
      <ul className="flex flex-col divide-y rounded-md border">
        {versions.map((v, i) => (
          <li key={v.id}>
            <ReadinessVersion version={v} eager={i < EAGER_VERSIONS} />
          </li>
        ))}
      </ul>
    </div>
  );
}

function ReadinessVersion({ version, eager }: { version: ReadinessVersionOption; eager: boolean }) {
  const anchor = `readiness-${version.id}`;
  const [open, setOpen] = useState(false);
  // A link to #readiness-<id> (the versions table's verdict link) opens that version.
  useEffect(() => {
    const sync = () => {
      if (window.location.hash === `#${anchor}`) setOpen(true);
    };
    sync();
    window.addEventListener("hashchange", sync);
    return () => window.removeEventListener("hashchange", sync);
  }, [anchor]);

  const trpc = useTRPC();
  const query = useQuery(
    trpc.readiness.byVersion.queryOptions(
      { modelVersionId: version.id },
      { enabled: eager || open, staleTime: 30_000, refetchOnWindowFocus: false },
    ),
  );
  const label = `v${version.version}`;

  return (
    <details id={anchor} open={open} onToggle={(e) => setOpen(e.currentTarget.open)} className="group">
      <summary className="flex cursor-pointer flex-wrap items-center gap-x-3 gap-y-1 px-3 py-2 hover:bg-surface-muted">
        <span aria-hidden className="text-xs text-muted-foreground transition-transform group-open:rotate-90">
          ▸
        </span>
        <span className="font-medium">{version.version}</span>
        <span className="text-xs text-muted-foreground">{version.stage}</span>
        <span
          data-testid="readiness-verdict"
          data-version={version.version}
          data-verdict={query.data?.verdict}
          className="ml-auto"
        >
          {query.data ? (
            <VerdictPill verdict={query.data.verdict} counts={query.data.counts} />
          ) : query.isError ? (
            <span className="text-xs text-fail">
              <span aria-hidden>✕ </span>Could not evaluate
            </span>
          ) : query.fetchStatus === "fetching" ? (
            <span className="inline-flex items-center gap-2">
              <span className="sr-only">Evaluating…</span>
              <span aria-hidden className="inline-block h-5 w-20 animate-pulse rounded-full bg-surface-muted" />
              <span aria-hidden className="inline-block h-3 w-36 animate-pulse rounded bg-surface-muted" />
            </span>
          ) : (
            <span className="text-xs text-muted-foreground">Not loaded · open to evaluate</span>
          )}
        </span>
      </summary>
      {open && (
        <div className="border-t px-3 py-3">
          <ReadinessBody view={query.data} error={query.error} onRetry={() => void query.refetch()} label={label} />
        </div>
      )}
    </details>
  );
}

function ReadinessBody({
  view,
  error,
  onRetry,
  label,
}: {
  view: Readiness | undefined;
  error: { message: string } | null;
  onRetry: () => void;
  label: string;
}) {
  if (view) return <ReadinessDetail view={view} versionLabel={label} />;
  if (error)
    return (
      <div role="alert" className="flex items-center gap-2 text-sm text-fail">
        Could not evaluate the readiness of {label}: {error.message}
        <button
          type="button"
          onClick={onRetry}
          className="rounded px-1.5 py-0.5 text-muted-foreground hover:bg-surface-muted hover:text-foreground"
        >
          Retry
        </button>
      </div>
    );
  return (
    <div role="status" aria-busy="true" className="flex flex-col gap-2">
      <span className="sr-only">Evaluating the readiness of {label}…</span>
      <div aria-hidden className="h-24 w-full animate-pulse rounded bg-surface-muted" />
      <div aria-hidden className="h-44 w-full animate-pulse rounded bg-surface-muted" />
    </div>
  );
}
