import "server-only";
import { TRPCError } from "@trpc/server";
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { createCaller } from "./root";
import { createTRPCContext } from "./trpc";

/**
 * tRPC for server components: the same procedures and policies as the HTTP endpoint.
 * No session → /sign-in.
 */
export const api = cache(async () => {
  const ctx = await createTRPCContext({ headers: await headers() });
  if (!ctx.session) redirect("/sign-in");
  return createCaller(ctx);
});

/** Awaits a byId call and turns NOT_FOUND (including another team's object) into the 404 page. */
export async function orNotFound<T>(promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (err) {
    if (err instanceof TRPCError && (err.code === "NOT_FOUND" || err.code === "BAD_REQUEST")) notFound();
    throw err;
  }
}
