"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { Button } from "~/components/ui/button";
import { useTRPC } from "~/trpc/react";

/**
 * Cancel (while queued or running) and Re-run (once it ended: a new run with the same frozen
 * config). A refused action says why next to the buttons.
 */
export function RunActions({ runId, status }: { runId: string; status: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const cancel = useMutation(
    trpc.run.cancel.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.run.byId.queryKey({ runId }) }),
    }),
  );
  const rerun = useMutation(trpc.run.rerun.mutationOptions({ onSuccess: (run) => router.push(`/runs/${run.id}`) }));
  const active = status === "queued" || status === "running";
  const error = cancel.error ?? rerun.error;
  return (
    <div className="flex flex-wrap items-center gap-2">
      {active ? (
        <Button
          variant="secondary"
          pending={cancel.isPending}
          onClick={() => cancel.mutate({ runId })}
          data-testid="run-cancel"
        >
          {cancel.isPending ? "Cancelling…" : "Cancel run"}
        </Button>
      ) : (
        <Button
          variant="secondary"
          pending={rerun.isPending}
          onClick={() => rerun.mutate({ runId })}
          data-testid="run-rerun"
          title="A new run with the same frozen protocol, seed and data"
        >
          {rerun.isPending ? "Starting…" : "Re-run"}
        </Button>
      )}
      {error && (
        <p role="alert" data-testid="run-action-error" className="text-xs text-fail">
          {error.message}
        </p>
      )}
    </div>
  );
}
