import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Check } from "./check";
import { runTool, withWorkDir } from "./tools";
import { userDataOf, type RenderedUserData } from "./user-data";

/**
 * Every server's user data against cloud-init's own schema
 * (https://cloudinit.readthedocs.io/en/latest/reference/cli.html#schema).
 */
export const cloudInitSchemaCheck: Check = {
  name: "servers' user data (cloud-init schema)",
  needs: [{ command: "cloud-init", install: "apt-get install -y cloud-init" }],
  run: async (rootDir) => checkCloudConfigs(await userDataOf(rootDir)),
};

export function checkCloudConfigs(items: readonly RenderedUserData[]): string[] {
  return withWorkDir((workDir) =>
    items.flatMap(({ server, text }) => {
      const file = join(workDir, `${server}.cloud-config.yaml`);
      writeFileSync(file, text, { mode: 0o600 });
      const run = runTool("cloud-init", ["schema", "--config-file", file]);
      return run.ok ? [] : [`user data of ${server}: ${run.output}`];
    }),
  );
}
