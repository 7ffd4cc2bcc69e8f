"use client";

/**
 * The flight-delay story's full-scale background load, at the top of the portfolio: while it loads
 * (polled every 2 s) what it is doing and how far (testid demo-load-banner, progress bar
 * role="progressbar" aria-valuenow 0–100, testid demo-load-progress), then a link to the model
 * (demo-load-model). Nothing when there is no load for the viewer's teams.
 */
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useState } from "react";
import { ProgressBar } from "~/components/ui/progress-bar";
import { useTRPC } from "~/trpc/react";
import { describeLoad, percentOf } from "./describe-load";

const POLL_MS = 2_000;
const DISMISSED_KEY = "fieldtest.demo-load-dismissed";

export function DemoLoadBanner() {
  const trpc = useTRPC();
  const status = useQuery(
    trpc.demo.loadStatus.queryOptions(undefined, {
      refetchInterval: (query) => (query.state.data?.state === "loading" ? POLL_MS : false),
    }),
  );
  // Once read, the "loaded" note stays dismissed in this browser.
  const [dismissed, setDismissed] = useState(true);
  useEffect(() => setDismissed(window.localStorage.getItem(DISMISSED_KEY) === "1"), []);
  const data = status.data;
  if (!data) return null;
  if (data.state === "done") {
    if (dismissed) return null;
    return (
      <div
        data-testid="demo-load-banner"
        data-state="done"
        className="mb-4 flex items-start gap-3 rounded-lg border bg-surface-muted p-3 text-sm"
      >
        <p className="flex-1">
          The flight-delay story is loaded at full scale: every January–February 2001 flight in the benchmark, every
          June flight as shadow traffic.{" "}
          {data.modelId && (
            <Link data-testid="demo-load-model" href={`/models/${data.modelId}`}>
              Open the flight-delay model
            </Link>
          )}
        </p>
        <button
          type="button"
          onClick={() => {
            window.localStorage.setItem(DISMISSED_KEY, "1");
            setDismissed(true);
          }}
          className="rounded px-1.5 py-0.5 text-xs text-muted-foreground hover:bg-surface hover:text-foreground"
        >
          Dismiss
        </button>
      </div>
    );
  }
  if (data.state === "failed") {
    return (
      <div data-testid="demo-load-banner" data-state="failed" className="mb-4 rounded-lg border p-3 text-sm">
        Loading the flight-delay story at full scale failed; the worker's log says why. The sampled story is complete.
      </div>
    );
  }
  const percent = percentOf(data.progress);
  return (
    <div data-testid="demo-load-banner" data-state="loading" className="mb-4 rounded-lg border p-3 text-sm">
      <p id="demo-load-label">{describeLoad(data.progress)}</p>
      <ProgressBar percent={percent} labelledBy="demo-load-label" testId="demo-load-progress" className="mt-2" />
    </div>
  );
}
