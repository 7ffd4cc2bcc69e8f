"use client";

import { useQuery } from "@tanstack/react-query";
import { Button } from "~/components/ui/button";
import { useTRPC } from "~/trpc/react";

/** "Verify chain": recomputes the team's hash chain on demand and shows ok, or its first broken entry. */
export function VerifyChain({ teamId }: { teamId: string }) {
  const trpc = useTRPC();
  // Only on demand: a long chain is read in full.
  const check = useQuery({ ...trpc.audit.verify.queryOptions({ teamId }), enabled: false, gcTime: 0 });
  const result = check.data;
  return (
    <div className="flex flex-col items-end gap-2">
      <Button variant="secondary" pending={check.isFetching} onClick={() => check.refetch()} data-testid="audit-verify">
        Verify chain
      </Button>
      {check.isError && (
        <p role="alert" className="text-sm text-fail">
          Could not verify the chain: {check.error.message}
        </p>
      )}
      {result && !check.isFetching && (
        <div
          role="status"
          data-testid="audit-verify-result"
          data-ok={result.ok ? "true" : "false"}
          className={
            result.ok
              ? "rounded-md border border-pass/40 px-3 py-2 text-sm text-pass"
              : "rounded-md border border-fail/40 bg-fail/10 px-3 py-2 text-sm text-fail"
          }
        >
          {result.ok ? (
            <span>
              ✓ Chain intact: {result.events} {result.events === 1 ? "event" : "events"}
            </span>
          ) : (
            <span>
              ✗ Chain broken at seq <strong>{result.seq}</strong>{" "}
              {result.id ? (
                <>
                  (event <code className="font-mono text-xs">{result.id}</code>)
                </>
              ) : (
                "(the event is missing)"
              )}
              : {result.reason}
            </span>
          )}
        </div>
      )}
    </div>
  );
}
