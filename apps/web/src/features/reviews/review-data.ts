import type { RouterOutputs } from "~/server/api/root";

export type ReviewItem = RouterOutputs["review"]["list"][number];
export type ReviewDetail = RouterOutputs["review"]["byId"];
export type VersionReviews = RouterOutputs["review"]["byVersion"];
export type ReviewStatus = ReviewItem["status"];

export const REVIEW_STATUS_LABEL: Record<ReviewStatus, string> = {
  requested: "Awaiting review",
  approved: "Approved",
  rejected: "Rejected",
  changes_requested: "Changes requested",
  withdrawn: "Withdrawn",
};

/** Why the viewer cannot decide an open review (null when they can, or it is not open). */
export function cannotDecideReason(review: Pick<ReviewItem, "status" | "canDecide" | "viewerIsAuthor">): string | null {
  if (review.status !== "requested" || review.canDecide) return null;
  if (review.viewerIsAuthor)
    return "You created or last changed this version, so another reviewer decides it (four-eyes rule).";
  return "Deciding a review needs the reviewer role in this team.";
}

/** A stage as words: "production", "changes requested". */
export const words = (value: string) => value.replaceAll("_", " ");
