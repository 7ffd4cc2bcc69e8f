import type { Metadata } from "next";
import localFont from "next/font/local";
import type { ReactNode } from "react";
import { ThemeProvider } from "~/components/theme-provider";
import { TRPCReactProvider } from "~/trpc/react";
import "./globals.css";

// Inter from the npm package: Google Fonts cannot be fetched on offline build machines.
const inter = localFont({
  src: "../../../../node_modules/@fontsource-variable/inter/files/inter-latin-wght-normal.woff2",
  variable: "--font-inter",
  weight: "100 900",
  display: "swap",
});

export const metadata: Metadata = {
  title: { default: "Fieldtest", template: "%s · Fieldtest" },
  description: "Benchmarks are lab results. Fieldtest tells you whether a model is ready for the field.",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    // next-themes sets data-theme on <html> before React hydrates: the attribute differs from the server's.
    <html lang="en" className={inter.variable} suppressHydrationWarning>
      <body className="min-h-screen font-sans text-sm antialiased">
        <ThemeProvider>
          <TRPCReactProvider>{children}</TRPCReactProvider>
        </ThemeProvider>
      </body>
    </html>
  );
}
