import type { NextConfig } from "next";
// Validates the environment: a bad variable fails `next build` and `next start`.
import "./src/env";

const config: NextConfig = {
  // Workspace packages export TypeScript source.
  transpilePackages: ["@fieldtest/core", "@fieldtest/db", "@fieldtest/jobs"],
  // Node-only drivers stay out of the server bundle.
  serverExternalPackages: ["bullmq", "ioredis", "pg", "@prisma/adapter-pg", "@prisma/client"],
  reactStrictMode: true,
  poweredByHeader: false,
};

export default config;
