"use client";

/**
 * Sign-in form. Test hooks for e2e:
 *   label "Email" (data-testid="sign-in-email"), label "Password" (data-testid="sign-in-password"),
 *   button "Sign in" (data-testid="sign-in-submit"), error text data-testid="sign-in-error".
 */
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { Button } from "~/components/ui/button";
import { Field, FormError, Input } from "~/components/ui/field";
import { authClient } from "~/lib/auth-client";

export function SignInForm({ next }: { next: string }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    const { error } = await authClient.signIn.email({
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
    });
    if (error) {
      setPending(false);
      setError(
        error.status === 429
          ? "Too many attempts; wait a few seconds and try again"
          : error.status === 401 || error.code === "INVALID_EMAIL_OR_PASSWORD"
            ? "Email or password is incorrect"
            : (error.message ?? "Sign-in failed; try again"),
      );
      return;
    }
    router.replace(next);
    router.refresh();
  }

  return (
    <form
      onSubmit={onSubmit}
      className="flex flex-col gap-3"
      aria-describedby={error ? "sign-in-error" : undefined}
      noValidate
    >
      <Field label="Email">
        {(control) => (
          <Input
            {...control}
            name="email"
            type="email"
            autoComplete="email"
            required
            autoFocus
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? "sign-in-error" : undefined}
            data-testid="sign-in-email"
          />
        )}
      </Field>
      <Field label="Password">
        {(control) => (
          <Input
            {...control}
            name="password"
            type="password"
            autoComplete="current-password"
            required
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? "sign-in-error" : undefined}
            data-testid="sign-in-password"
          />
        )}
      </Field>
      <FormError message={error} testId="sign-in-error" id="sign-in-error" />
      <Button type="submit" pending={pending} data-testid="sign-in-submit">
        {pending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
