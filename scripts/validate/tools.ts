import { spawnSync } from "node:child_process";

/** Whether a command is on the PATH. */
export function hasCommand(command: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${command}`], { encoding: "utf8" }).status === 0;
}

/** Runs a command; its output, whatever stream it chose, and whether it succeeded. */
export function runTool(command: string, args: readonly string[], input?: string): { ok: boolean; output: string } {
  const run = spawnSync(command, [...args], { encoding: "utf8", input });
  if (run.error !== undefined) return { ok: false, output: run.error.message };
  return { ok: run.status === 0, output: `${run.stdout}${run.stderr}`.trim() };
}
