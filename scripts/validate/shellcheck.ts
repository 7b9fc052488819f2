import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import type { Check } from "./check";
import { runTool, withWorkDir } from "./tools";
import { userDataOf, type RenderedUserData } from "./user-data";

/** A shell script found in a user data, named for messages. */
export interface ShellScript {
  readonly name: string;
  readonly shell: "sh" | "bash";
  readonly text: string;
}

/** Every shell script the servers' user data carry (written with a shell shebang, runcmd strings) through shellcheck. */
export const shellcheckCheck: Check = {
  name: "shell in the servers' user data (shellcheck)",
  needs: [{ command: "shellcheck", install: "apt-get install -y shellcheck" }],
  run: async (rootDir) => checkShellInUserData(await userDataOf(rootDir)),
};

export function checkShellInUserData(items: readonly RenderedUserData[]): string[] {
  return withWorkDir((workDir) =>
    items.flatMap(({ server, text }) =>
      shellScripts(text).flatMap((script, i) => {
        const file = join(workDir, `${server}.${i}.sh`);
        writeFileSync(file, script.text, { mode: 0o600 });
        const run = runTool("shellcheck", ["--shell", script.shell, "--severity", "style", file]);
        return run.ok ? [] : [`${script.name} in the user data of ${server}: ${run.output}`];
      }),
    ),
  );
}

/** The shell in a cloud-config: scripts it writes, and runcmd entries given as strings (run by sh). */
export function shellScripts(userData: string): ShellScript[] {
  const config = (parse(userData) ?? {}) as { write_files?: { path?: string; content?: string }[]; runcmd?: unknown[] };
  const written = (config.write_files ?? []).flatMap((file): ShellScript[] => {
    const shell = /^#!\s*\/(?:usr\/)?bin\/(?:env\s+)?(sh|bash|dash)\b/.exec(file.content ?? "")?.[1];
    if (shell === undefined) return [];
    return [{ name: file.path ?? "a written file", shell: shell === "bash" ? "bash" : "sh", text: file.content! }];
  });
  const commands = (config.runcmd ?? []).filter((c): c is string => typeof c === "string");
  const runcmd = commands.length === 0 ? [] : [{ name: "runcmd", shell: "sh" as const, text: `#!/bin/sh\n${commands.join("\n")}\n` }];
  return [...written, ...runcmd];
}
