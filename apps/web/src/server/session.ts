import "server-only";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { auth } from "./auth";

/** The session of this request (one lookup per render). */
export const getSession = cache(async () => auth.api.getSession({ headers: await headers() }));

/** The session, or a redirect to /sign-in: every signed-in page starts here. */
export async function requireSession() {
  const session = await getSession();
  if (!session) redirect("/sign-in");
  return session;
}
