import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader, Section } from "~/components/ui/section";
import { ReadinessDetail } from "~/features/readiness/readiness-detail";
import { VerdictPill } from "~/features/readiness/readiness-status";
import { DecisionForm } from "~/features/reviews/decision-form";
import { EvidenceSideBySide } from "~/features/reviews/evidence-side-by-side";
import { cannotDecideReason, words } from "~/features/reviews/review-data";
import { ReviewStatusBadge, StaleFlag } from "~/features/reviews/review-status";
import { CopyId } from "~/features/shared/copy-button";
import { TimeWithRelative } from "~/features/shared/time-with-relative";
import { api, orNotFound } from "~/server/api/caller";

export const metadata: Metadata = { title: "Review" };

/**
 * One review: the request, the version's readiness now (the report a decision is made against) with
 * benchmark and shadow evidence side by side, and the decision or the form to make it.
 * e2e: review-title, review-verdict (data-verdict), evidence-side-by-side, readiness gates,
 * review-decision-form or review-cannot-decide, review-decision.
 */
export default async function ReviewPage({ params }: { params: Promise<{ reviewId: string }> }) {
  const { reviewId } = await params;
  const caller = await api();
  const { review, readiness, evidence } = await orNotFound(caller.review.byId({ reviewId }));
  const version = review.modelVersion;
  const cannotDecide = cannotDecideReason(review);
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-xs text-muted-foreground">
        <Link href="/reviews" className="hover:underline">
          Reviews
        </Link>{" "}
        /{" "}
        <Link href={`/models/${version.model.id}`} className="hover:underline">
          {version.model.name}
        </Link>
      </nav>
      <PageHeader
        title={
          <span data-testid="review-title">
            Review of {version.model.name} · {version.version}
          </span>
        }
        description={
          <>
            {words(version.model.task)} · stage {words(version.stage)} · {review.team.name}
          </>
        }
        actions={
          <span className="flex items-center gap-2">
            <CopyId label="Review id" value={review.id} testId="review-id" />
            <ReviewStatusBadge status={review.status} />
            {review.stale && <StaleFlag />}
          </span>
        }
      />
      <div className="flex flex-col gap-6">
        <Section title="Request" id="request">
          <p>
            <span className="font-medium">{review.requestedBy.name}</span> asked for review{" "}
            <TimeWithRelative value={review.requestedAt} />.
          </p>
          {review.requestNote ? (
            <blockquote className="mt-2 border-l-2 pl-3 text-muted-foreground">{review.requestNote}</blockquote>
          ) : (
            <p className="mt-1 text-xs text-muted-foreground">No note.</p>
          )}
        </Section>
        <Section
          title="Readiness now"
          id="readiness"
          description="The version's latest report: a decision is made against this one, and a newer one makes an approval stale."
        >
          <div className="mb-4" data-testid="review-verdict" data-verdict={readiness.verdict}>
            <VerdictPill verdict={readiness.verdict} counts={readiness.counts} />
          </div>
          <h3 className="mb-2 text-xs font-semibold tracking-wide text-muted-foreground uppercase">
            Benchmark and shadow, side by side
          </h3>
          <div className="mb-5">
            <EvidenceSideBySide evidence={evidence} />
          </div>
          <ReadinessDetail view={readiness} versionLabel={version.version} />
        </Section>
        <Section title="Decision" id="decision">
          {review.status !== "requested" ? (
            <div data-testid="review-decision" data-status={review.status} className="flex flex-col gap-1">
              <p>
                <ReviewStatusBadge status={review.status} />{" "}
                {review.decidedBy ? (
                  <>
                    by <span className="font-medium">{review.decidedBy.name}</span>{" "}
                  </>
                ) : null}
                {review.decidedAt && <TimeWithRelative value={review.decidedAt} />}
              </p>
              {review.decisionComment && <p>“{review.decisionComment}”</p>}
              {review.overrideReason && (
                <p className="text-sm">
                  <span className="font-medium">Override:</span> {review.overrideReason}
                </p>
              )}
              {review.stale && (
                <p className="text-xs text-insufficient">
                  A newer readiness report exists than the one this approval was made against.
                </p>
              )}
              {review.status === "approved" && version.stage === "approved" && (
                <p className="text-xs text-muted-foreground">
                  Promote it to production from{" "}
                  <Link href={`/models/${version.model.id}#review`} className="text-primary hover:underline">
                    its model page
                  </Link>
                  .
                </p>
              )}
            </div>
          ) : cannotDecide ? (
            <p data-testid="review-cannot-decide" className="text-muted-foreground">
              {cannotDecide}
            </p>
          ) : (
            <DecisionForm
              key={readiness.reportId}
              reviewId={review.id}
              reportId={readiness.reportId}
              verdict={readiness.verdict}
              reportEvaluatedAt={readiness.evaluatedAt}
              subject={`${version.model.name} · ${version.version}`}
            />
          )}
        </Section>
      </div>
    </>
  );
}
