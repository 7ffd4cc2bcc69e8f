import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInForm } from "~/features/auth/sign-in-form";
import { getSession } from "~/server/session";

export const metadata: Metadata = { title: "Sign in" };

/** Only same-site paths are followed after sign-in. */
function safeNext(value: string | string[] | undefined): string {
  return typeof value === "string" && value.startsWith("/") && !value.startsWith("//") ? value : "/";
}

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const next = safeNext((await searchParams).next);
  if (await getSession()) redirect(next);
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm rounded-lg border bg-surface p-6 shadow-sm">
        <p className="text-xs font-semibold tracking-wider text-muted-foreground uppercase">Fieldtest</p>
        <h1 className="mt-1 mb-4 text-lg font-semibold">Sign in</h1>
        <SignInForm next={next} />
      </div>
    </main>
  );
}
