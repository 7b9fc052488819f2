// The footprint and cost report: `npm run report -- [--json] [--stack NAME] [--tenants DIR]`; what it
// does is scripts/report/run.ts, run as this process.
import { runAsProcess } from "./plan/process-io";
import { runReport } from "./report/run";

runAsProcess(runReport);
