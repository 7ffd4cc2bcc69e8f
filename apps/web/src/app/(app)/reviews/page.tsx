import type { Metadata } from "next";
import { PageHeader } from "~/components/ui/section";
import { ReviewQueue } from "~/features/reviews/review-queue";

export const metadata: Metadata = { title: "Reviews" };

/** The reviewer queue: open reviews of the viewer's teams first; decided ones a tab away. */
export default function ReviewsPage() {
  return (
    <>
      <PageHeader
        title="Reviews"
        description="Versions waiting for a decision. Nobody decides a version they created or last changed."
      />
      <ReviewQueue />
    </>
  );
}
