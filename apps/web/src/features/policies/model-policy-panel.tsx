"use client";

/**
 * The model page's "Readiness policy": which policy judges this model's versions (its own
 * override, the team's for the task, or the default), the gates in words, and for admins an
 * override editor or a way back to the team's policy. e2e: model-policy (data-source).
 */
import { defaultPolicy } from "@fieldtest/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { Button } from "~/components/ui/button";
import { FormError } from "~/components/ui/field";
import { useTRPC } from "~/trpc/react";
import { PolicyEditor } from "./policy-editor";
import { PolicyVersions } from "./policy-versions";

export function ModelPolicyPanel({ modelId }: { modelId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const query = useQuery(trpc.policy.forModel.queryOptions({ modelId }));
  const [editing, setEditing] = useState(false);
  const inherit = useMutation(
    trpc.policy.save.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries({ queryKey: trpc.policy.pathKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.readiness.pathKey() });
      },
    }),
  );
  if (query.isError)
    return (
      <p role="alert" className="text-sm text-fail">
        Could not load the policy: {query.error.message}
      </p>
    );
  const data = query.data;
  if (!data)
    return (
      <div role="status" aria-busy="true" className="h-20 animate-pulse rounded bg-surface-muted">
        <span className="sr-only">Loading the policy…</span>
      </div>
    );
  const source = data.effective.source;
  const sourceText =
    source.kind === "model"
      ? `This model's own policy, version ${source.version}`
      : source.kind === "team"
        ? `The team's policy for ${data.task.replaceAll("_", " ")}, version ${source.version}`
        : `Fieldtest's default policy for ${data.task.replaceAll("_", " ")}`;
  return (
    <div data-testid="model-policy" data-source={source.kind} className="flex flex-col gap-3">
      <p className="text-sm">
        <span className="font-medium">{sourceText}</span>
        {source.kind !== "model" && (
          <>
            {" "}
            (
            <Link href="/settings/policies" className="text-primary hover:underline">
              team policies
            </Link>
            )
          </>
        )}
      </p>
      <ol className="flex list-decimal flex-col gap-1 pl-5 text-sm">
        {data.effective.gates.map((g) => (
          <li key={g.id}>
            <span className="font-mono text-xs text-muted-foreground">{g.id}</span> {g.words}
          </li>
        ))}
      </ol>
      <PolicyVersions versions={data.versions} inheritLabel="back to the team's policy" />
      {data.canEdit && !editing && (
        <div className="flex flex-wrap gap-2">
          <Button variant="secondary" onClick={() => setEditing(true)} data-testid="model-policy-edit">
            {source.kind === "model" ? "Change this model's policy" : "Give this model its own policy"}
          </Button>
          {source.kind === "model" && (
            <Button
              variant="ghost"
              pending={inherit.isPending}
              onClick={() =>
                inherit.mutate({ teamId: data.teamId, modelId, policy: null, note: "back to the team's policy" })
              }
            >
              Use the team's policy again
            </Button>
          )}
        </div>
      )}
      <FormError message={inherit.error?.message} />
      {data.canEdit && editing && (
        <PolicyEditor
          teamId={data.teamId}
          task={data.task}
          modelId={modelId}
          initial={data.effective.policy}
          defaultPolicy={defaultPolicy(data.task)}
          onSaved={() => setEditing(false)}
        />
      )}
    </div>
  );
}
