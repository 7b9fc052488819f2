import { execFileSync } from "node:child_process";

/**
 * A local copy of an upstream repository, a clone or a bare git directory, read at a tag without
 * checking anything out: `git -C <dir>` works for both.
 */
export interface UpstreamCheckout {
  readonly repository: string;
  readonly dir: string;
}

function git(checkout: UpstreamCheckout, args: readonly string[]): string {
  try {
    return execFileSync("git", ["-C", checkout.dir, ...args], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024, stdio: ["ignore", "pipe", "pipe"] });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim() ?? "";
    throw new Error(`${checkout.repository} (${checkout.dir}): git ${args.join(" ")} failed${stderr === "" ? "" : `: ${stderr}`}`);
  }
}

/** The file's text at the tag; a clear error when the tag or the file is missing. */
export function readAtTag(checkout: UpstreamCheckout, tag: string, path: string): string {
  ensureTag(checkout, tag);
  return git(checkout, ["show", `${tag}:${path}`]);
}

/** Every file under a folder at the tag, paths from the repository's root, sorted. */
export function listAtTag(checkout: UpstreamCheckout, tag: string, folder: string): string[] {
  ensureTag(checkout, tag);
  return git(checkout, ["ls-tree", "-r", "--name-only", tag, "--", folder])
    .split("\n")
    .filter((line) => line !== "")
    .sort();
}

/** The commit a tag points at, recorded with each contract. */
export function commitOf(checkout: UpstreamCheckout, tag: string): string {
  ensureTag(checkout, tag);
  return git(checkout, ["rev-parse", `${tag}^{commit}`]).trim();
}

function ensureTag(checkout: UpstreamCheckout, tag: string): void {
  const tags = git(checkout, ["tag", "--list", tag]).trim();
  if (tags !== tag) throw new Error(`${checkout.repository} (${checkout.dir}) has no tag ${tag}: fetch the repository's tags and run again`);
}
