import type { ReactNode } from "react";
import { NavLink } from "~/features/shared/nav-link";

/** Team settings: one sub-navigation for team, policies, keys, webhooks and the audit log. */
export default function SettingsLayout({ children }: { children: ReactNode }) {
  return (
    <div className="flex flex-col gap-5">
      <nav aria-label="Settings" className="flex flex-wrap items-center gap-1 border-b pb-2">
        <NavLink href="/settings/team">Team</NavLink>
        <NavLink href="/settings/policies">Readiness policies</NavLink>
        <NavLink href="/settings/api-keys">API keys</NavLink>
        <NavLink href="/settings/webhooks">Webhooks</NavLink>
        <NavLink href="/settings/audit">Audit log</NavLink>
      </nav>
      <div>{children}</div>
    </div>
  );
}
