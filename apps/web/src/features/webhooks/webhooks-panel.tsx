"use client";

/**
 * Webhooks of the teams the caller administers: create (the signing secret is shown once, with
 * copy), list with recent deliveries, send a test, delete (confirmed). e2e: form "Create webhook"
 * (testids webhook-url, webhook-team, webhook-event-<event>, webhook-submit), the new secret in
 * webhook-secret, rows webhook-row with webhook-send-test and webhook-delete, deliveries
 * webhook-delivery (data-status).
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Button } from "~/components/ui/button";
import { cn } from "~/components/ui/cn";
import { Field, FormError, Input } from "~/components/ui/field";
import { EmptyState } from "~/components/ui/section";
import { CopyValue } from "~/features/runs/copy-value";
import { LocalTime } from "~/features/shared/local-time";
import { TeamField } from "~/features/team/team-field";
import type { RouterOutputs } from "~/server/api/root";
import { fieldErrorsOf, useTRPC } from "~/trpc/react";

type WebhookEvent = RouterOutputs["webhook"]["list"]["events"][number];
type Delivery = RouterOutputs["webhook"]["list"]["webhooks"][number]["deliveries"][number];

const EVENT_HINTS: Record<WebhookEvent, string> = {
  "review.requested": "someone asks for a review of a version",
  "review.decided": "a review is approved, rejected or sent back for changes",
  "version.promoted": "a version is promoted to production",
  "readiness.changed": "a version's readiness verdict changes",
};
const EVENTS = Object.keys(EVENT_HINTS) as WebhookEvent[];

const DELIVERY_STYLE: Record<Delivery["status"], { className: string; icon: string }> = {
  pending: { className: "border-border text-muted-foreground", icon: "○" },
  succeeded: { className: "border-pass/40 text-pass", icon: "✓" },
  failed: { className: "border-fail/40 text-fail", icon: "✕" },
};

function DeliveryRow({ delivery }: { delivery: Delivery }) {
  const style = DELIVERY_STYLE[delivery.status];
  return (
    <li data-testid="webhook-delivery" data-status={delivery.status} className="flex flex-wrap items-center gap-2 py-1">
      <span
        className={cn(
          "inline-flex items-center gap-1 rounded-full border px-2 py-0.5 text-xs font-medium",
          style.className,
        )}
      >
        <span aria-hidden>{style.icon}</span>
        {delivery.status}
      </span>
      <span className="font-mono text-xs">{delivery.event}</span>
      <span className="text-xs text-muted-foreground">
        <LocalTime value={delivery.createdAt} /> · {delivery.attempts} attempt{delivery.attempts === 1 ? "" : "s"}
        {delivery.responseStatus !== null && ` · HTTP ${delivery.responseStatus}`}
        {delivery.status === "pending" && delivery.attempts > 0 && (
          <>
            {" "}
            · next <LocalTime value={delivery.nextAttemptAt} />
          </>
        )}
      </span>
      {delivery.lastError && (
        <span className="basis-full text-xs break-words text-fail" title={delivery.lastError}>
          {delivery.lastError}
        </span>
      )}
    </li>
  );
}

export function WebhooksPanel({ teams }: { teams: { id: string; name: string }[] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.webhook.list.queryOptions(undefined, { refetchInterval: 15_000 }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.webhook.list.queryKey() });
  const create = useMutation(
    trpc.webhook.create.mutationOptions({
      onSuccess: () => {
        setUrl("");
        return refresh();
      },
    }),
  );
  const remove = useMutation(trpc.webhook.delete.mutationOptions({ onSuccess: refresh }));
  const sendTest = useMutation(trpc.webhook.sendTest.mutationOptions({ onSuccess: refresh }));
  const [url, setUrl] = useState("");
  const [teamId, setTeamId] = useState(teams[0]?.id ?? "");
  const [events, setEvents] = useState<WebhookEvent[]>([...EVENTS]);
  const errors = fieldErrorsOf(create.error, ["url", "teamId", "events"]);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    create.mutate({ teamId, url, events });
  }

  function onDelete(id: string, shown: string) {
    if (window.confirm(`Delete the webhook to ${shown}? Its deliveries are deleted with it.`)) {
      remove.mutate({ webhookId: id });
    }
  }

  const webhooks = list.data?.webhooks ?? [];
  return (
    <div className="flex flex-col gap-6">
      <form onSubmit={onSubmit} className="flex flex-col gap-3" noValidate aria-label="Create webhook">
        <div className="grid gap-3 sm:grid-cols-[2fr_1fr]">
          <Field
            label="URL"
            error={errors.fields.url}
            hint="https only (http to hosts the operator allows); events are POSTed as JSON, signed."
          >
            {(props) => (
              <Input
                {...props}
                type="url"
                inputMode="url"
                value={url}
                onChange={(e) => setUrl(e.target.value)}
                placeholder="https://hooks.slack.com/services/…"
                data-testid="webhook-url"
              />
            )}
          </Field>
          <TeamField
            teams={teams}
            error={errors.fields.teamId}
            value={teamId}
            onChange={(e) => setTeamId(e.target.value)}
            data-testid="webhook-team"
          />
        </div>
        <fieldset
          className="flex flex-col gap-1"
          aria-describedby={errors.fields.events ? "webhook-events-error" : undefined}
        >
          <legend className="text-xs font-medium">Events</legend>
          {EVENTS.map((name) => (
            <label key={name} className="flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                checked={events.includes(name)}
                onChange={(e) =>
                  setEvents((prev) => (e.target.checked ? [...prev, name] : prev.filter((x) => x !== name)))
                }
                data-testid={`webhook-event-${name}`}
              />
              <span className="font-mono">{name}</span>
              <span className="text-xs text-muted-foreground">{EVENT_HINTS[name]}</span>
            </label>
          ))}
          {errors.fields.events && (
            <p id="webhook-events-error" role="alert" className="text-xs text-fail">
              {errors.fields.events}
            </p>
          )}
        </fieldset>
        <FormError message={errors.message} />
        <div>
          <Button type="submit" pending={create.isPending} data-testid="webhook-submit">
            Create webhook
          </Button>
        </div>
        {create.data && (
          <div className="flex flex-col gap-2 rounded-md border bg-surface-muted p-3 text-sm" role="status">
            <p>
              Webhook to <strong className="break-all">{create.data.webhook.url}</strong> created. Copy its signing
              secret now: it is shown only once. Verify the <code className="font-mono">fieldtest-signature</code>{" "}
              header with it.
            </p>
            <dl>
              <CopyValue label="Signing secret" value={create.data.secret} testId="webhook-secret" />
            </dl>
          </div>
        )}
      </form>
      <FormError message={remove.error?.message ?? sendTest.error?.message} />
      {list.isError && <FormError message={list.error.message} />}
      {list.isSuccess && webhooks.length === 0 ? (
        <EmptyState title="No webhooks yet" testId="webhooks-empty">
          Add one above to send review requests, decisions, promotions and readiness changes to Slack or your deploy
          tooling.
        </EmptyState>
      ) : (
        <ul className="flex flex-col gap-3" aria-label="Webhooks">
          {webhooks.map((w) => (
            <li key={w.id} data-testid="webhook-row" className="rounded-md border p-3">
              <div className="flex flex-wrap items-start justify-between gap-2">
                <div className="min-w-0">
                  <p className="font-mono text-sm break-all">{w.url}</p>
                  <p className="text-xs text-muted-foreground">
                    {w.team.name} · {w.events.join(", ")} · created <LocalTime value={w.createdAt} />
                    {w.createdBy ? ` by ${w.createdBy.name}` : ""}
                  </p>
                </div>
                <div className="flex gap-2">
                  <Button
                    variant="secondary"
                    pending={sendTest.isPending && sendTest.variables?.webhookId === w.id}
                    onClick={() => sendTest.mutate({ webhookId: w.id })}
                    data-testid="webhook-send-test"
                  >
                    Send test
                  </Button>
                  <Button
                    variant="secondary"
                    pending={remove.isPending && remove.variables?.webhookId === w.id}
                    onClick={() => onDelete(w.id, w.url)}
                    aria-label={`Delete the webhook to ${w.url}`}
                    data-testid="webhook-delete"
                  >
                    Delete
                  </Button>
                </div>
              </div>
              <div className="mt-2">
                <p className="text-xs font-medium">Recent deliveries</p>
                {w.deliveries.length === 0 ? (
                  <p className="text-xs text-muted-foreground">None yet: send a test to check the receiver.</p>
                ) : (
                  <ul>
                    {w.deliveries.map((d) => (
                      <DeliveryRow key={d.id} delivery={d} />
                    ))}
                  </ul>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
