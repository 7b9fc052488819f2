import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Check, Finding } from "./check";
import { runTool } from "./tools";
import type { RenderedUserData } from "./user-data";

/**
 * Every server's user data against cloud-init's own schema
 * (https://cloudinit.readthedocs.io/en/latest/reference/cli.html#schema).
 */
export const cloudInitSchema: Check = {
  name: "cloud-init schema",
  needs: [{ command: "cloud-init", install: "apt-get install -y cloud-init" }],
  run: async (context) => checkCloudConfigs(await context.userData(), context.workDir),
};

export function checkCloudConfigs(items: readonly RenderedUserData[], workDir: string): Finding[] {
  return items.flatMap(({ server, text }) => {
    const file = join(workDir, `${server}.cloud-config.yaml`);
    writeFileSync(file, text, { mode: 0o600 });
    const run = runTool("cloud-init", ["schema", "--config-file", file]);
    return run.ok ? [] : [{ subject: `user data of ${server}`, message: run.output }];
  });
}
