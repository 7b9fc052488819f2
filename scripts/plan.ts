// The offline plan: `npm run plan -- --help` lists its options (scripts/plan/cli.ts); what it does
// is scripts/plan/run.ts, run as this process.
import { runAsProcess } from "./plan/process-io";
import { runPlan } from "./plan/run";

runAsProcess(runPlan);
