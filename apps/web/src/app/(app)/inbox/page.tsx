import type { Metadata } from "next";
import { PageHeader } from "~/components/ui/section";
import { Inbox } from "~/features/notifications/inbox";

export const metadata: Metadata = { title: "Inbox" };

/** The viewer's notifications: review requests for them, decisions on their reviews and versions. */
export default function InboxPage() {
  return (
    <>
      <PageHeader
        title="Inbox"
        description="Review requests waiting for you, and decisions on your reviews and versions."
      />
      <Inbox />
    </>
  );
}
