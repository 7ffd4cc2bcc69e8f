import Link from "next/link";
import type { ReactNode } from "react";
import { ThemeToggle } from "~/components/theme-toggle";
import { SignOutButton } from "~/features/auth/sign-out-button";
import { InboxNavLink } from "~/features/notifications/inbox-nav-link";
import { NavLink } from "~/features/shared/nav-link";
import { requireSession } from "~/server/session";

/** The signed-in shell: every page under it needs a session (else /sign-in). */
export default async function AppLayout({ children }: { children: ReactNode }) {
  const session = await requireSession();
  return (
    <div className="flex min-h-screen flex-col">
      <header className="border-b bg-surface">
        <div className="mx-auto flex h-12 max-w-[96rem] items-center gap-6 px-6">
          <Link href="/" className="font-semibold tracking-tight">
            Fieldtest
          </Link>
          <nav aria-label="Main" className="flex items-center gap-1">
            <NavLink href="/">Portfolio</NavLink>
            <NavLink href="/datasets">Datasets</NavLink>
            <NavLink href="/reviews">Reviews</NavLink>
            <InboxNavLink />
            <NavLink href="/settings">Settings</NavLink>
          </nav>
          <div className="ml-auto flex items-center gap-2">
            <ThemeToggle />
            <span className="text-xs text-muted-foreground" data-testid="user-menu">
              {session.user.name || session.user.email}
            </span>
            <SignOutButton />
          </div>
        </div>
      </header>
      <main className="mx-auto w-full max-w-[96rem] flex-1 px-6 py-6">{children}</main>
    </div>
  );
}
