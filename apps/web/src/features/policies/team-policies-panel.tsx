"use client";

/**
 * A team's readiness policy per task: the gates in words, its versions, and (for admins) the
 * editor. e2e: policy-team, policy-task, policy-current (data-version, "default" when none saved).
 */
import type { Task } from "@fieldtest/core";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Field, Select } from "~/components/ui/field";
import { TeamField } from "~/features/team/team-field";
import { useTRPC } from "~/trpc/react";
import { PolicyEditor } from "./policy-editor";
import { PolicyVersions } from "./policy-versions";

const TASKS: { value: Task; label: string }[] = [
  { value: "binary_classification", label: "Binary classification" },
  { value: "multiclass_classification", label: "Multiclass classification" },
  { value: "regression", label: "Regression" },
];

export function TeamPoliciesPanel({ teams }: { teams: { id: string; name: string }[] }) {
  const [teamId, setTeamId] = useState(teams[0]?.id ?? "");
  const [task, setTask] = useState<Task>("binary_classification");
  const trpc = useTRPC();
  const query = useQuery(trpc.policy.forTeam.queryOptions({ teamId, task }, { enabled: teamId !== "" }));
  const data = query.data;
  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap gap-3">
        {teams.length > 1 && (
          <TeamField
            teams={teams}
            className="w-56"
            value={teamId}
            onChange={(e) => setTeamId(e.target.value)}
            data-testid="policy-team"
          />
        )}
        <Field label="Task" className="w-64">
          {(c) => (
            <Select {...c} value={task} onChange={(e) => setTask(e.target.value as Task)} data-testid="policy-task">
              {TASKS.map((t) => (
                <option key={t.value} value={t.value}>
                  {t.label}
                </option>
              ))}
            </Select>
          )}
        </Field>
      </div>
      {query.isError ? (
        <p role="alert" className="text-sm text-fail">
          Could not load the policy: {query.error.message}
        </p>
      ) : !data ? (
        <div role="status" aria-busy="true" className="h-40 animate-pulse rounded bg-surface-muted">
          <span className="sr-only">Loading the policy…</span>
        </div>
      ) : (
        <>
          <div
            data-testid="policy-current"
            data-version={data.isDefault ? "default" : String(data.versions[0]?.version)}
          >
            <p className="mb-2 text-sm">
              {data.isDefault
                ? "No policy saved for this task yet: models are judged by Fieldtest's default policy."
                : `Version ${data.versions[0]?.version} judges every model of this task that has no override of its own.`}
            </p>
            <ol className="flex list-decimal flex-col gap-1 pl-5 text-sm">
              {data.current.gates.map((g) => (
                <li key={g.id}>
                  <span className="font-mono text-xs text-muted-foreground">{g.id}</span> {g.words}
                </li>
              ))}
            </ol>
          </div>
          <PolicyVersions versions={data.versions} />
          {data.canEdit ? (
            <PolicyEditor
              key={`${teamId}:${task}:${data.versions[0]?.id ?? "default"}`}
              teamId={teamId}
              task={task}
              initial={data.current.policy}
              defaultPolicy={data.defaultPolicy}
            />
          ) : (
            <p className="text-xs text-muted-foreground">
              Team admins change policies; every change is in the audit log.
            </p>
          )}
        </>
      )}
    </div>
  );
}
