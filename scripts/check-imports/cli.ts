import { checkImports } from "./check-imports.ts";

const root = process.argv[2] ?? process.cwd();
const violations = checkImports(root);
for (const v of violations) console.error(`${v.file}:${v.line}  ${v.message}`);
if (violations.length > 0) {
  console.error(`import rule: ${violations.length} violation(s)`);
  process.exit(1);
}
console.log("import rule: ok");
