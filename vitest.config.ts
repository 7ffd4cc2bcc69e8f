import { defineConfig } from "vitest/config";
import "./vitest.node20-polyfill.ts";

// Unit tests: pure, fast, no services. `*.int.test.ts` run with vitest.int.config.ts.
export default defineConfig({
  test: {
    include: ["**/src/**/*.test.ts", "**/test/**/*.test.ts", "scripts/**/*.test.ts"],
    exclude: ["**/node_modules/**", "**/*.int.test.ts", "e2e/**", "**/.next*/**"],
  },
});
