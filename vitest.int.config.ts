import { defineConfig } from "vitest/config";
import "./vitest.node20-polyfill.ts";

// Integration tests: `*.int.test.ts`, against the real PostgreSQL and Redis. One file at a time,
// because they share those services.
export default defineConfig({
  test: {
    include: ["**/*.int.test.ts"],
    exclude: ["**/node_modules/**", "e2e/**", "**/.next*/**"],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
