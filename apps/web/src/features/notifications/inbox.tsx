"use client";

/**
 * The viewer's inbox: unread notifications first, then the rest, newest first. Opening one marks
 * it read; "Mark all as read" clears the badge. e2e: list inbox-list (rows inbox-item with
 * data-read), buttons inbox-mark-read and inbox-mark-all.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { Button } from "~/components/ui/button";
import { cn } from "~/components/ui/cn";
import { FormError } from "~/components/ui/field";
import { EmptyState } from "~/components/ui/section";
import { TimeWithRelative } from "~/features/shared/time-with-relative";
import { useTRPC } from "~/trpc/react";

export function Inbox() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const inbox = useQuery(trpc.notification.list.queryOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.notification.list.queryKey() });
  const markRead = useMutation(trpc.notification.markRead.mutationOptions({ onSuccess: refresh }));

  if (inbox.isPending) return <p className="text-sm text-muted-foreground">Loading…</p>;
  if (inbox.isError) {
    return (
      <div className="flex flex-col items-start gap-2">
        <FormError message={inbox.error.message} />
        <Button variant="secondary" onClick={() => inbox.refetch()}>
          Try again
        </Button>
      </div>
    );
  }
  const { items, unread } = inbox.data;
  if (items.length === 0) {
    return (
      <EmptyState title="Nothing here yet" testId="inbox-empty">
        You are told here when someone asks you for a review, and when a review you asked for, or of a version you
        created, is decided.
      </EmptyState>
    );
  }
  return (
    <div className="flex flex-col gap-3">
      <div className="flex items-center justify-between">
        <p className="text-sm text-muted-foreground">{unread === 0 ? "All read" : `${unread} unread`}</p>
        <Button
          variant="secondary"
          disabled={unread === 0}
          pending={markRead.isPending && markRead.variables && "all" in markRead.variables}
          onClick={() => markRead.mutate({ all: true })}
          data-testid="inbox-mark-all"
        >
          Mark all as read
        </Button>
      </div>
      <FormError message={markRead.error?.message} />
      <ul className="divide-y rounded-lg border bg-surface" data-testid="inbox-list">
        {items.map((n) => {
          const unreadItem = n.readAt === null;
          return (
            <li
              key={n.id}
              data-testid="inbox-item"
              data-read={unreadItem ? "false" : "true"}
              className={cn("flex items-start gap-3 px-4 py-3", unreadItem ? "" : "opacity-70")}
            >
              <span
                aria-hidden
                className={cn("mt-1.5 size-2 shrink-0 rounded-full", unreadItem ? "bg-primary" : "bg-transparent")}
              />
              <div className="min-w-0 flex-1">
                <p className={cn("text-sm", unreadItem && "font-medium")}>
                  {unreadItem && <span className="sr-only">Unread: </span>}
                  <Link
                    href={n.link}
                    className="hover:underline"
                    onClick={() => unreadItem && markRead.mutate({ ids: [n.id] })}
                  >
                    {n.title}
                  </Link>
                </p>
                {n.body && <p className="mt-0.5 text-sm text-muted-foreground break-words">{n.body}</p>}
                <p className="mt-0.5 text-xs text-muted-foreground">
                  {n.team.name} · <TimeWithRelative value={n.createdAt} />
                </p>
              </div>
              {unreadItem && (
                <Button
                  variant="ghost"
                  pending={
                    markRead.isPending &&
                    markRead.variables &&
                    "ids" in markRead.variables &&
                    markRead.variables.ids.includes(n.id)
                  }
                  onClick={() => markRead.mutate({ ids: [n.id] })}
                  aria-label={`Mark "${n.title}" as read`}
                  data-testid="inbox-mark-read"
                >
                  Mark as read
                </Button>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
