import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const created: string[] = [];

/** A fresh folder in the system's temp directory, removed when the test file ends (test/setup.ts). */
export function tempDir(purpose: string): string {
  const dir = mkdtempSync(join(tmpdir(), `jardin-${purpose}-`));
  created.push(dir);
  return dir;
}

/** Removes every folder tempDir made in this test file. */
export function removeTempDirs(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}
