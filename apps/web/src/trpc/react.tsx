"use client";

import { type QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createTRPCClient, httpBatchLink, TRPCClientError } from "@trpc/client";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import { type ReactNode, useState } from "react";
import superjson from "superjson";
import { claimFieldErrors, type FormErrors, type SubmitErrors } from "~/lib/form-errors";
import type { AppRouter } from "~/server/api/root";
import { makeQueryClient } from "./query-client";

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

let browserQueryClient: QueryClient | undefined;
function getQueryClient() {
  if (typeof window === "undefined") return makeQueryClient();
  browserQueryClient ??= makeQueryClient();
  return browserQueryClient;
}

export function TRPCReactProvider({ children }: { children: ReactNode }) {
  const queryClient = getQueryClient();
  const [trpcClient] = useState(() =>
    createTRPCClient<AppRouter>({
      links: [httpBatchLink({ url: "/api/trpc", transformer: superjson })],
    }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}

/**
 * Errors of a failed mutation (the error formatter's `data.field` / `data.fieldErrors`) for a form
 * that renders the `rendered` fields; an error on any other field becomes the form-level message.
 */
export function fieldErrorsOf<F extends string>(error: unknown, rendered: readonly F[]): FormErrors<F> {
  return claimFieldErrors(submitErrorsOf(error), rendered);
}

function submitErrorsOf(error: unknown): SubmitErrors {
  if (!(error instanceof TRPCClientError))
    return { fields: {}, message: error ? "Something went wrong; try again" : null };
  const data = error.data as { field?: string | null; fieldErrors?: Record<string, string> | null } | undefined;
  if (data?.fieldErrors) return { fields: data.fieldErrors, message: null };
  if (data?.field) return { fields: { [data.field]: error.message }, message: null };
  return { fields: {}, message: error.message };
}
