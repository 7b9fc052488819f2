import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Whether a command is on the PATH. */
export function hasCommand(command: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${command}`], { encoding: "utf8" }).status === 0;
}

/** Runs a command; its output, whatever stream it chose, and whether it succeeded. */
export function runTool(command: string, args: readonly string[]): { ok: boolean; output: string } {
  const run = spawnSync(command, [...args], { encoding: "utf8" });
  if (run.error !== undefined) return { ok: false, output: run.error.message };
  return { ok: run.status === 0, output: `${run.stdout}${run.stderr}`.trim() };
}

/** A fresh folder for files a validator reads (user data holds secrets), removed afterwards. */
export function withWorkDir<T>(use: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), "jardin-validate-"));
  try {
    return use(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
