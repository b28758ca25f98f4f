import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

// Next.js's rules with React's and React Hooks' recommended ones (eslint-config-next), and
// typescript-eslint's recommended rules. `npm run lint` allows no warning: a warning fails as an error does.
export default defineConfig([
  ...nextVitals,
  ...nextTs,
  {
    // No React runs here, and "use" means something else: Playwright's fixtures hand their value to
    // `use`, and the test helpers' `use…` register vitest hooks. The rules of hooks do not apply.
    files: ["e2e/**", "test/**", "bench/**", "scripts/**", "db/**", "**/*.test.ts"],
    rules: { "react-hooks/rules-of-hooks": "off" },
  },
  {
    // CommonJS modules load their dependencies with require().
    files: ["**/*.cjs"],
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  globalIgnores([".next/**", ".next-*/**", ".data/**", ".data-*/**", "tmp/**", "test-results/**", "playwright-report/**", "blob-report/**", "next-env.d.ts"]),
]);
