"use client";

import { ThemeProvider as NextThemesProvider } from "next-themes";
import type { ReactNode } from "react";

export const THEMES = ["system", "light", "dark"] as const;
export type ThemeChoice = (typeof THEMES)[number];

/**
 * The colour theme: the viewer's choice (System, Light or Dark, kept in localStorage under
 * "theme"), applied as `data-theme="light|dark"` on <html> by next-themes' inline script before
 * the first paint (no flash of the wrong theme); "System" follows prefers-color-scheme live.
 * globals.css switches every token on that attribute.
 */
export function ThemeProvider({ children }: { children: ReactNode }) {
  return (
    <NextThemesProvider
      attribute="data-theme"
      defaultTheme="system"
      enableSystem
      themes={["light", "dark"]}
      disableTransitionOnChange
    >
      {children}
    </NextThemesProvider>
  );
}
