// The offline plan: `npm run plan -- --help` lists its options (scripts/plan/cli.ts); what it does
// is scripts/plan/run.ts, here given this process's command line, output and exit code.
import { join } from "node:path";
import { runPlan } from "./plan/run";

void runPlan(process.argv.slice(2), {
  rootDir: join(__dirname, ".."),
  out: (text) => console.log(text),
  err: (text) => console.error(text),
}).then((code) => {
  process.exitCode = code;
});
