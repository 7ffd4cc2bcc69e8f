"use client";

/**
 * API keys of the teams the caller administers: create (the key is shown once), list, revoke.
 * e2e: form "Create API key" (testids api-key-name, api-key-team, api-key-scope-<scope>,
 * api-key-submit), the new key in api-key-secret, table api-keys-table (rows api-key-row,
 * buttons api-key-revoke).
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Button } from "~/components/ui/button";
import { Field, FormError, Input } from "~/components/ui/field";
import { ScrollRegion } from "~/components/ui/scroll-region";
import { tableClass, tdClass, thClass } from "~/components/ui/section";
import { LocalTime } from "~/features/shared/local-time";
import { TeamField } from "~/features/team/team-field";
import { fieldErrorsOf, useTRPC } from "~/trpc/react";

const SCOPES = [
  { scope: "ingest", hint: "upload datasets" },
  { scope: "evaluate", hint: "register models, versions and benchmarks; start runs" },
  { scope: "read", hint: "read runs and gate results" },
] as const;
type Scope = (typeof SCOPES)[number]["scope"];

export function ApiKeysPanel({ teams }: { teams: { id: string; name: string }[] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const keys = useQuery(trpc.apiKey.list.queryOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.apiKey.list.queryKey() });
  const create = useMutation(trpc.apiKey.create.mutationOptions({ onSuccess: refresh }));
  const revoke = useMutation(trpc.apiKey.revoke.mutationOptions({ onSuccess: refresh }));
  const [name, setName] = useState("");
  const [teamId, setTeamId] = useState(teams[0]?.id ?? "");
  const [scopes, setScopes] = useState<Scope[]>(["ingest", "evaluate", "read"]);
  const errors = fieldErrorsOf(create.error, ["name", "teamId", "scopes"]);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    create.mutate({ teamId, name, scopes });
  }

  return (
    <div className="flex flex-col gap-6">
      <form onSubmit={onSubmit} className="flex flex-col gap-3" noValidate aria-label="Create API key">
        <div className="grid gap-3 sm:grid-cols-2">
          <Field label="Name" error={errors.fields.name}>
            {(props) => (
              <Input
                {...props}
                value={name}
                onChange={(e) => setName(e.target.value)}
                placeholder="ci-deploy"
                data-testid="api-key-name"
              />
            )}
          </Field>
          <TeamField
            teams={teams}
            error={errors.fields.teamId}
            value={teamId}
            onChange={(e) => setTeamId(e.target.value)}
            data-testid="api-key-team"
          />
        </div>
        <fieldset className="flex flex-col gap-1">
          <legend className="text-xs font-medium">Scopes</legend>
          {SCOPES.map(({ scope, hint }) => (
            <label key={scope} className="flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                checked={scopes.includes(scope)}
                onChange={(e) =>
                  setScopes((prev) => (e.target.checked ? [...prev, scope] : prev.filter((s) => s !== scope)))
                }
                data-testid={`api-key-scope-${scope}`}
              />
              <span className="font-mono">{scope}</span>
              <span className="text-xs text-muted-foreground">{hint}</span>
            </label>
          ))}
          {errors.fields.scopes && <p className="text-xs text-fail">{errors.fields.scopes}</p>}
        </fieldset>
        <FormError message={errors.message} />
        <div>
          <Button type="submit" pending={create.isPending} data-testid="api-key-submit">
            Create key
          </Button>
        </div>
        {create.data && (
          <div className="rounded-md border bg-surface-muted p-3 text-sm" role="status">
            <p className="mb-1">
              Key <strong>{create.data.name}</strong> created. Copy it now: it is shown only once.
            </p>
            <code className="block font-mono text-xs break-all" data-testid="api-key-secret">
              {create.data.key}
            </code>
          </div>
        )}
      </form>
      <FormError message={revoke.error ? revoke.error.message : null} />
      <ScrollRegion label="API keys">
        <table className={tableClass} data-testid="api-keys-table">
          <thead>
            <tr>
              <th className={thClass}>Name</th>
              <th className={thClass}>Team</th>
              <th className={thClass}>Prefix</th>
              <th className={thClass}>Scopes</th>
              <th className={thClass}>Created</th>
              <th className={thClass}>Last used</th>
              <th className={thClass}>Revoked</th>
              <th className={thClass} />
            </tr>
          </thead>
          <tbody>
            {(keys.data ?? []).map((k) => (
              <tr key={k.id} data-testid="api-key-row" data-revoked={k.revokedAt ? "true" : "false"}>
                <td className={`${tdClass} font-medium`}>{k.name}</td>
                <td className={tdClass}>{k.team.name}</td>
                <td className={`${tdClass} font-mono text-xs`}>{k.prefix}…</td>
                <td className={`${tdClass} font-mono text-xs`}>{k.scopes.join(", ")}</td>
                <td className={`${tdClass} text-muted-foreground`}>
                  <LocalTime value={k.createdAt} />
                  {k.createdBy ? ` by ${k.createdBy.name}` : " by an operator"}
                </td>
                <td className={`${tdClass} text-muted-foreground`}>
                  {k.lastUsedAt ? <LocalTime value={k.lastUsedAt} /> : "never"}
                </td>
                <td className={`${tdClass} text-muted-foreground`}>
                  {k.revokedAt ? <LocalTime value={k.revokedAt} /> : "—"}
                </td>
                <td className={tdClass}>
                  {!k.revokedAt && (
                    <Button
                      variant="secondary"
                      pending={revoke.isPending && revoke.variables?.apiKeyId === k.id}
                      onClick={() => revoke.mutate({ apiKeyId: k.id })}
                      data-testid="api-key-revoke"
                    >
                      Revoke
                    </Button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {keys.data?.length === 0 && <p className="py-3 text-sm text-muted-foreground">No API keys yet.</p>}
      </ScrollRegion>
    </div>
  );
}
