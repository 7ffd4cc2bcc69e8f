import type { NextConfig } from "next";
// Validates the environment: a bad variable fails `next build` and `next start`.
import { env } from "./src/env";

const config: NextConfig = {
  // .next unless FIELDTEST_NEXT_DIST_DIR says otherwise (npm test builds into .next-test).
  distDir: env.FIELDTEST_NEXT_DIST_DIR,
  // Workspace packages export TypeScript source.
  transpilePackages: ["@fieldtest/core", "@fieldtest/db", "@fieldtest/jobs", "@fieldtest/outbound"],
  // Node-only drivers stay out of the server bundle.
  serverExternalPackages: ["bullmq", "ioredis", "pg", "@prisma/adapter-pg", "@prisma/client"],
  reactStrictMode: true,
  poweredByHeader: false,
};

export default config;
