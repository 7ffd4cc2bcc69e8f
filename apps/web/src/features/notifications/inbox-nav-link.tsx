"use client";

/** The "Inbox" nav link with the viewer's unread count (testid inbox-unread), refreshed every minute. */
import { useQuery } from "@tanstack/react-query";
import { NavLink } from "~/features/shared/nav-link";
import { useTRPC } from "~/trpc/react";

export function InboxNavLink() {
  const trpc = useTRPC();
  const inbox = useQuery(trpc.notification.list.queryOptions(undefined, { refetchInterval: 60_000 }));
  const unread = inbox.data?.unread ?? 0;
  return (
    <NavLink href="/inbox">
      Inbox
      {unread > 0 && (
        <span
          data-testid="inbox-unread"
          className="ml-1.5 inline-flex min-w-5 items-center justify-center rounded-full bg-primary px-1.5 text-xs font-medium text-primary-foreground tabular-nums"
        >
          {unread > 99 ? "99+" : unread}
          <span className="sr-only"> unread</span>
        </span>
      )}
    </NavLink>
  );
}
