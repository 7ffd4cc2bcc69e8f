import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { env } from "~/env";
import { appRouter } from "~/server/api/root";
import { createTRPCContext } from "~/server/api/trpc";
import { refuseCrossSite } from "~/server/cross-site";

// Mutations ride the session cookie: a request from another site is refused before anything runs.
const handler = (req: Request) =>
  refuseCrossSite(req, env.BETTER_AUTH_URL) ??
  fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: () => createTRPCContext({ headers: req.headers }),
  });

export { handler as GET, handler as POST };
