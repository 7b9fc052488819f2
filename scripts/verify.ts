// npm run verify: checks the deployed fleet against the stack's own outputs (scripts/verify/).
import { appendFileSync } from "node:fs";
import { parseVerifyArgs, USAGE } from "./verify/cli";
import { verifyContext, type ContextOptions } from "./verify/context";
import { loadOutputs } from "./verify/outputs";
import { counts, formatReport } from "./verify/report";
import { verifyFleet } from "./verify/run";

/** Runs verify with these arguments; returns the exit code: 0 all passed (warnings allowed), 1 a check failed, 2 verify could not run. */
export async function main(
  argv: readonly string[],
  write: (text: string) => void = (t) => process.stdout.write(t),
  /** What the command line does not set: the tests' HTTPS port. */
  base: ContextOptions = {},
): Promise<number> {
  let options;
  try {
    options = parseVerifyArgs(argv);
    if (options.help) {
      write(USAGE);
      return 0;
    }
    const outputs = loadOutputs({ stack: options.stack, ...(options.outputs === undefined ? {} : { file: options.outputs }) });
    const results = await verifyFleet(outputs, verifyContext({ ...base, resolvers: options.resolvers, ...(options.ca === undefined ? {} : { ca: options.ca }) }));
    write(formatReport(results, options.format));
    if (options.summary !== undefined) appendFileSync(options.summary, formatReport(results, "markdown"));
    return counts(results).fail > 0 ? 1 : 0;
  } catch (error) {
    process.stderr.write(`jardin verify: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
