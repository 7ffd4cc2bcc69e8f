"use client";

/**
 * The model page's "Review and promotion" for one version: its stage, its latest review (with a
 * stale flag on an approval made against an older report), a request-review form while the version
 * is before approval, a promote button once approved (asking for an override reason when the latest
 * report does not allow the promotion), and the history of stage changes.
 * e2e: version-review (data-version, data-stage); request-review-form, review-note, request-review-submit;
 * promote-form, promote-override, promote-submit; stage-history.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { Button } from "~/components/ui/button";
import { Field, FormError, Textarea } from "~/components/ui/field";
import { VerdictPill } from "~/features/readiness/readiness-status";
import { TimeWithRelative } from "~/features/shared/time-with-relative";
import { fieldErrorsOf, useTRPC } from "~/trpc/react";
import { type VersionReviews, words } from "./review-data";
import { ReviewStatusBadge, StaleFlag } from "./review-status";

const REVIEWABLE = ["development", "candidate", "shadow"];

export function VersionReviewsPanel({ versions }: { versions: { id: string; version: string }[] }) {
  if (versions.length === 0)
    return <p className="text-muted-foreground">No versions yet: register one, benchmark it, then ask for review.</p>;
  return (
    <ul className="flex flex-col divide-y rounded-md border">
      {versions.map((v) => (
        <li key={v.id} className="px-3 py-3">
          <VersionReview modelVersionId={v.id} label={v.version} />
        </li>
      ))}
    </ul>
  );
}

function VersionReview({ modelVersionId, label }: { modelVersionId: string; label: string }) {
  const trpc = useTRPC();
  const query = useQuery(trpc.review.byVersion.queryOptions({ modelVersionId }));
  if (query.isError)
    return (
      <p role="alert" className="text-sm text-fail">
        Could not load the reviews of {label}: {query.error.message}
      </p>
    );
  if (!query.data)
    return (
      <div role="status" aria-busy="true" className="h-10 animate-pulse rounded bg-surface-muted">
        <span className="sr-only">Loading the reviews of {label}…</span>
      </div>
    );
  const data = query.data;
  const latest = data.reviews[0];
  const open = latest?.status === "requested" ? latest : undefined;
  const approval = data.reviews.find((r) => r.status === "approved");
  return (
    <div data-testid="version-review" data-version={label} data-stage={data.stage} className="flex flex-col gap-2">
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-medium">{label}</span>
        <span className="rounded-full border px-2 py-0.5 text-xs" data-testid="version-stage">
          {words(data.stage)}
        </span>
        {latest && (
          <Link href={`/reviews/${latest.id}`} className="inline-flex items-center gap-1 hover:underline">
            <ReviewStatusBadge status={latest.status} />
          </Link>
        )}
        {approval?.stale && data.stage === "approved" && <StaleFlag />}
        {latest?.latestVerdict && <VerdictPill verdict={latest.latestVerdict} />}
      </div>
      {latest && latest.status !== "requested" && latest.decisionComment && (
        <p className="text-xs text-muted-foreground">
          {latest.decidedBy?.name ?? "A reviewer"}: “{latest.decisionComment}”
        </p>
      )}
      {open && (
        <p className="text-xs text-muted-foreground">
          Review requested by {open.requestedBy.name} <TimeWithRelative value={open.requestedAt} />.{" "}
          <Link href={`/reviews/${open.id}`} className="text-primary hover:underline">
            Open the review
          </Link>
        </p>
      )}
      {!open && REVIEWABLE.includes(data.stage) && <RequestReviewForm modelVersionId={modelVersionId} label={label} />}
      {data.stage === "approved" && approval && (
        <PromoteForm
          modelVersionId={modelVersionId}
          label={label}
          needsOverride={approval.latestVerdict !== "ready" && (approval.stale || approval.overrideReason === null)}
        />
      )}
      <StageHistory changes={data.stageChanges} />
    </div>
  );
}

function useRefreshVersion() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  return () => {
    void queryClient.invalidateQueries({ queryKey: trpc.review.pathKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.readiness.pathKey() });
    router.refresh();
  };
}

function RequestReviewForm({ modelVersionId, label }: { modelVersionId: string; label: string }) {
  const trpc = useTRPC();
  const refresh = useRefreshVersion();
  const [note, setNote] = useState("");
  const request = useMutation(trpc.review.request.mutationOptions({ onSuccess: refresh }));
  const errors = fieldErrorsOf(request.error, ["note", "modelVersionId"]);
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    request.mutate({ modelVersionId, note });
  }
  return (
    <form
      onSubmit={onSubmit}
      noValidate
      aria-label={`Request review of ${label}`}
      data-testid="request-review-form"
      className="flex flex-col gap-2 sm:flex-row sm:items-end"
    >
      <Field
        label="Note for the reviewer"
        error={errors.fields.note}
        className="flex-1"
        hint="What changed and what you want them to look at."
      >
        {(c) => (
          <Textarea {...c} rows={1} value={note} onChange={(e) => setNote(e.target.value)} data-testid="review-note" />
        )}
      </Field>
      <Button type="submit" variant="secondary" pending={request.isPending} data-testid="request-review-submit">
        Request review
      </Button>
      <FormError message={errors.fields.modelVersionId ?? errors.message} />
    </form>
  );
}

function PromoteForm({
  modelVersionId,
  label,
  needsOverride,
}: {
  modelVersionId: string;
  label: string;
  needsOverride: boolean;
}) {
  const trpc = useTRPC();
  const refresh = useRefreshVersion();
  const [overrideReason, setOverrideReason] = useState("");
  // On a refusal too: the server judged the evidence again, and may now ask for an override this form did not show.
  const promote = useMutation(trpc.review.promote.mutationOptions({ onSuccess: refresh, onError: refresh }));
  const errors = fieldErrorsOf(promote.error, ["overrideReason", "modelVersionId"]);
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    promote.mutate({ modelVersionId, ...(needsOverride ? { overrideReason } : {}) });
  }
  return (
    <form
      onSubmit={onSubmit}
      noValidate
      aria-label={`Promote ${label} to production`}
      data-testid="promote-form"
      className="flex flex-col gap-2 sm:flex-row sm:items-end"
    >
      {needsOverride && (
        <Field
          label="Override reason"
          error={errors.fields.overrideReason}
          className="flex-1"
          hint="The latest readiness report does not allow this promotion: a reviewer who is not its author may override it with a reason, which is recorded."
        >
          {(c) => (
            <Textarea
              {...c}
              rows={1}
              value={overrideReason}
              onChange={(e) => setOverrideReason(e.target.value)}
              data-testid="promote-override"
            />
          )}
        </Field>
      )}
      <Button type="submit" pending={promote.isPending} data-testid="promote-submit">
        Promote to production
      </Button>
      <FormError
        message={
          (needsOverride ? undefined : errors.fields.overrideReason) ?? errors.fields.modelVersionId ?? errors.message
        }
      />
    </form>
  );
}

function StageHistory({ changes }: { changes: VersionReviews["stageChanges"] }) {
  if (changes.length === 0) return null;
  return (
    <ol data-testid="stage-history" className="flex flex-col gap-0.5 text-xs text-muted-foreground">
      {changes.map((c) => (
        <li key={c.id}>
          {words(c.fromStage)} → <span className="font-medium text-foreground">{words(c.toStage)}</span> by{" "}
          {c.actor.name} <TimeWithRelative value={c.createdAt} />
          {c.overrideReason && <> · override: “{c.overrideReason}”</>}
        </li>
      ))}
    </ol>
  );
}
