import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { renderUserData } from "../../../components/cluster/k3s/user-data";
import { CHECKS, runChecks } from "../../../scripts/validate";
import type { Check } from "../../../scripts/validate/check";
import { checkCloudConfigs } from "../../../scripts/validate/cloud-init-schema";
import { checkShellInUserData, shellScripts } from "../../../scripts/validate/shellcheck";
import { hasCommand } from "../../../scripts/validate/tools";

const good = renderUserData({
  k3sVersion: "v1.36.4+k3s1",
  installerSha256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
  mode: "agent",
  config: { server: "https://10.0.1.254:6443", token: "t0k3n" },
  nodesSubnet: "10.0.1.0/24",
  tlsFiles: [],
});


describe("shell in user data", () => {
  it("finds scripts written with a shell shebang and runcmd strings, not other files or exec-form commands", () => {
    const text = "#cloud-config\nwrite_files:\n  - path: /a\n    content: \"#!/bin/bash\\necho a\\n\"\n  - path: /b\n    content: \"plain\"\nruncmd:\n  - echo one\n  - [echo, two]\n";
    expect(shellScripts(text)).toEqual([
      { name: "/a", shell: "bash", text: "#!/bin/bash\necho a\n" },
      { name: "runcmd", shell: "sh", text: "#!/bin/sh\necho one\n" },
    ]);
    expect(shellScripts(good).map((s) => [s.name, s.shell])).toEqual([["/usr/local/sbin/jardin-install-k3s", "sh"]]);
  });
});

// The validators are system packages: `npm test` alone needs Node only, so without them these are
// skipped; .ci/run installs them and sets JARDIN_VALIDATORS_REQUIRED, so in CI they always run and
// a missing one fails instead of being skipped.
const lacks = (command: string) => !hasCommand(command) && process.env["JARDIN_VALIDATORS_REQUIRED"] === undefined;

describe.skipIf(lacks("shellcheck"))("shellcheck check (needs shellcheck installed)", () => {
  it("passes the install script the program renders", () => {
    expect(checkShellInUserData([{ server: "n1", text: good }])).toEqual([]);
  });

  it("fails on a shell syntax error and names the script and server", () => {
    const broken = good.replace('if [ -z "$found" ]; then', 'if [ -z "$found" ] then');
    const problems = checkShellInUserData([{ server: "n1", text: broken }]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^\/usr\/local\/sbin\/jardin-install-k3s in the user data of n1: [\s\S]*SC\d{4}/);
  });
});

describe.skipIf(lacks("cloud-init"))("cloud-init schema check (needs cloud-init installed)", () => {
  it("passes the cloud-config the program renders and fails one with a wrongly typed key", () => {
    expect(checkCloudConfigs([{ server: "n1", text: good }])).toEqual([]);
    const broken = good.replace('permissions: "0600"', "permissions: 600");
    const problems = checkCloudConfigs([{ server: "n1", text: broken }]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^user data of n1: [\s\S]*permissions: 600 is not of type 'string'/);
  });
});

describe("npm run validate", () => {
  it("runs the workflow check and both user data checks", () => {
    expect(CHECKS.map((c) => c.name)).toEqual([
      "workflow files (action-validator)",
      "servers' user data (cloud-init schema)",
      "shell in the servers' user data (shellcheck)",
    ]);
  });

  it("reports a missing validator as a problem with how to install it, and runs the checks it can", async () => {
    const ran: string[] = [];
    const checks: Check[] = [
      { name: "needs-nothing", run: () => (ran.push("needs-nothing"), []) },
      { name: "needs-a-ghost", needs: [{ command: "jardin-no-such-tool", install: "apt-get install -y ghost" }], run: () => (ran.push("ghost"), []) },
    ];
    expect(await runChecks(checks, join(__dirname, "../../.."))).toEqual([
      { name: "needs-nothing", problems: [] },
      { name: "needs-a-ghost", problems: ["jardin-no-such-tool is not installed; install it (apt-get install -y ghost) and run again"] },
    ]);
    expect(ran).toEqual(["needs-nothing"]);
  });
});
