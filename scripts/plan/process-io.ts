import { join } from "node:path";
import type { PlanIo } from "./run";

/**
 * Runs a command (the plan's, the report's) as this process: its command line, stdout and stderr,
 * the repository above scripts/ and the command's exit code.
 */
export function runAsProcess(command: (args: readonly string[], io: PlanIo) => Promise<number>): void {
  void command(process.argv.slice(2), {
    rootDir: join(__dirname, "..", ".."),
    out: (text) => console.log(text),
    err: (text) => console.error(text),
  }).then((code) => {
    process.exitCode = code;
  });
}
