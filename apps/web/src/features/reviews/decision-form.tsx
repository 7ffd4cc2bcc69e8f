"use client";

/**
 * A reviewer's decision on the report shown above it: approve, reject or request changes, with a
 * comment; approving a report that is not ready asks for an override reason, which is recorded.
 * Submitting opens a confirm dialog that names the report judged (UI.md): the decision is sent only
 * from there. A native modal <dialog> keeps focus inside it and closes on Escape.
 * e2e: form review-decision-form; radios decision-approve / decision-reject / decision-request_changes;
 * review-comment, review-override (only when needed), review-submit; dialog review-confirm with
 * review-confirm-submit / review-confirm-cancel; form error review-form-error.
 */
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { type FormEvent, useId, useRef, useState } from "react";
import { Button } from "~/components/ui/button";
import { Field, FormError, Textarea } from "~/components/ui/field";
import { VERDICT_LABEL, type Verdict } from "~/features/readiness/readiness-data";
import { LocalTime } from "~/features/shared/local-time";
import { fieldErrorsOf, useTRPC } from "~/trpc/react";

type Decision = "approve" | "reject" | "request_changes";

const OPTIONS: { value: Decision; label: string; hint: string }[] = [
  { value: "approve", label: "Approve", hint: "The version moves to approved; a member can then promote it." },
  { value: "request_changes", label: "Request changes", hint: "The author addresses your comment and asks again." },
  { value: "reject", label: "Reject", hint: "This version should not go to production." },
];

export function DecisionForm({
  reviewId,
  reportId,
  verdict,
  reportEvaluatedAt,
  subject,
}: {
  reviewId: string;
  reportId: string;
  verdict: Verdict;
  /** When the report judged was generated (named in the confirm dialog). */
  reportEvaluatedAt: string;
  /** "Model · version", named in the confirm dialog. */
  subject: string;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const [decision, setDecision] = useState<Decision>("approve");
  const [comment, setComment] = useState("");
  const [overrideReason, setOverrideReason] = useState("");
  const legendId = useId();
  const confirmTitleId = useId();
  const confirmRef = useRef<HTMLDialogElement>(null);
  const decide = useMutation(trpc.review.decide.mutationOptions({ onSuccess: () => router.refresh() }));
  const errors = fieldErrorsOf(decide.error, ["decision", "comment", "overrideReason", "reportId", "reviewId"]);
  const needsOverride = decision === "approve" && verdict !== "ready";

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    confirmRef.current?.showModal();
  }

  function onConfirm() {
    confirmRef.current?.close();
    decide.mutate({
      reviewId,
      reportId,
      decision,
      comment,
      ...(needsOverride ? { overrideReason } : {}),
    });
  }

  const newerReport = errors.fields.reportId;
  const decisionLabel = needsOverride
    ? "Approve with override"
    : (OPTIONS.find((o) => o.value === decision)?.label ?? decision);
  return (
    <form
      onSubmit={onSubmit}
      noValidate
      aria-label="Decide this review"
      data-testid="review-decision-form"
      className="flex flex-col gap-3"
    >
      <fieldset aria-labelledby={legendId} className="flex flex-col gap-2">
        <legend id={legendId} className="text-xs font-medium">
          Decision
        </legend>
        {OPTIONS.map((o) => (
          <label key={o.value} className="flex items-start gap-2 text-sm">
            <input
              type="radio"
              name="decision"
              value={o.value}
              checked={decision === o.value}
              onChange={() => setDecision(o.value)}
              data-testid={`decision-${o.value}`}
              className="mt-1"
            />
            <span>
              <span className="font-medium">{o.label}</span>
              <span className="block text-xs text-muted-foreground">{o.hint}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <Field
        label="Comment"
        error={errors.fields.comment}
        hint={
          decision === "approve"
            ? "What you checked: it is kept with the approval."
            : "Say what is wrong or what to change: the author reads it."
        }
      >
        {(c) => (
          <Textarea
            {...c}
            rows={3}
            value={comment}
            onChange={(e) => setComment(e.target.value)}
            data-testid="review-comment"
          />
        )}
      </Field>
      {needsOverride && (
        <Field
          label="Override reason"
          error={errors.fields.overrideReason}
          hint={`The report says ${VERDICT_LABEL[verdict].toLowerCase()}: approving overrides it. Your reason is recorded on the review and in the audit log.`}
        >
          {(c) => (
            <Textarea
              {...c}
              rows={2}
              value={overrideReason}
              onChange={(e) => setOverrideReason(e.target.value)}
              data-testid="review-override"
            />
          )}
        </Field>
      )}
      {!needsOverride && errors.fields.overrideReason && <FormError message={errors.fields.overrideReason} />}
      <FormError
        testId="review-form-error"
        message={newerReport ?? errors.fields.reviewId ?? errors.fields.decision ?? errors.message}
      />
      <div className="flex items-center gap-2">
        <Button type="submit" pending={decide.isPending} data-testid="review-submit">
          {decisionLabel}
        </Button>
        {newerReport && (
          <Button variant="secondary" onClick={() => router.refresh()}>
            Read the newer report
          </Button>
        )}
      </div>
      <dialog
        ref={confirmRef}
        aria-labelledby={confirmTitleId}
        data-testid="review-confirm"
        className="m-auto max-w-md rounded-lg border bg-surface p-4 text-foreground shadow-lg backdrop:bg-black/40"
      >
        <h2 id={confirmTitleId} className="text-base font-semibold">
          {decisionLabel} {subject}?
        </h2>
        <p className="mt-2 text-sm" data-testid="review-confirm-report">
          Judged on readiness report <code className="font-mono text-xs">{reportId.slice(0, 8)}</code> (
          {VERDICT_LABEL[verdict].toLowerCase()}, generated <LocalTime value={reportEvaluatedAt} />
          ). A newer report makes this decision wait until you have read it.
        </p>
        {needsOverride && (
          <p className="mt-2 text-sm">
            This approval overrides the report; your reason is recorded on the review and in the audit log.
          </p>
        )}
        <div className="mt-4 flex justify-end gap-2">
          <Button variant="secondary" onClick={() => confirmRef.current?.close()} data-testid="review-confirm-cancel">
            Cancel
          </Button>
          <Button onClick={onConfirm} data-testid="review-confirm-submit" autoFocus>
            {decisionLabel}
          </Button>
        </div>
      </dialog>
    </form>
  );
}
