import { cpSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { ROOT_DIR } from "./declarations";
import { tempDir } from "./temp";

/**
 * This working tree, as it is (uncommitted changes included), in a fresh temp folder, with this
 * checkout's node_modules: for tests that change files of the repository itself.
 */
export function copyOfWorkingTree(): string {
  const root = tempDir("repo");
  cpSync(ROOT_DIR, root, { recursive: true, filter: (source) => !/[/\\](node_modules|\.git)$/.test(source) });
  symlinkSync(join(ROOT_DIR, "node_modules"), join(root, "node_modules"), "dir");
  return root;
}
