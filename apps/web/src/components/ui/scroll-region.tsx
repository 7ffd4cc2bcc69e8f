import type { ReactNode } from "react";
import { cn } from "./cn";

/**
 * An area that scrolls (a wide table, a long list) and that the keyboard can reach and scroll:
 * focusable, with a name screen readers announce (WCAG 2.1.1; axe's scrollable-region-focusable).
 */
export function ScrollRegion({
  label,
  className,
  children,
  testId,
}: {
  label: string;
  className?: string;
  children: ReactNode;
  testId?: string;
}) {
  return (
    <section
      aria-label={label}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard to be scrolled
      tabIndex={0}
      data-testid={testId}
      className={cn("overflow-auto focus-visible:outline-2", className)}
    >
      {children}
    </section>
  );
}
