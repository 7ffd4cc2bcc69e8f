"use client";

import { useTheme } from "next-themes";
import { useEffect, useState } from "react";
import { cn } from "./ui/cn";

const CHOICES = [
  { value: "system", label: "System", icon: "◐" },
  { value: "light", label: "Light", icon: "☀" },
  { value: "dark", label: "Dark", icon: "☾" },
] as const;

/**
 * System / Light / Dark, as a radio group in the header. The stored choice is only known in the
 * browser, so nothing is shown as checked until mounted (the server render cannot know it; the
 * page's colours are already right thanks to next-themes' pre-paint script).
 */
export function ThemeToggle() {
  const { theme, setTheme } = useTheme();
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  const current = mounted ? (theme ?? "system") : null;
  return (
    <div
      role="radiogroup"
      aria-label="Colour theme"
      className="inline-flex items-center rounded-md border bg-surface p-0.5"
      data-testid="theme-toggle"
    >
      {CHOICES.map((c) => {
        const checked = current === c.value;
        return (
          // biome-ignore lint/a11y/useSemanticElements: a segmented control of buttons, not native radios
          <button
            key={c.value}
            type="button"
            role="radio"
            aria-checked={checked}
            title={`${c.label} theme`}
            onClick={() => setTheme(c.value)}
            data-theme-choice={c.value}
            className={cn(
              "inline-flex h-6 items-center gap-1 rounded px-1.5 text-xs text-muted-foreground hover:text-foreground",
              checked && "bg-surface-muted font-medium text-foreground",
            )}
          >
            <span aria-hidden>{c.icon}</span>
            <span className="sr-only sm:not-sr-only">{c.label}</span>
          </button>
        );
      })}
    </div>
  );
}
