import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { renderUserData } from "../../../components/cluster/k3s/user-data";
import { validate } from "../../../scripts/validate";
import type { Check } from "../../../scripts/validate/check";
import { checkCloudConfigs } from "../../../scripts/validate/cloud-init-schema";
import { checkShellInUserData, shellScripts } from "../../../scripts/validate/shellcheck";
import { hasCommand } from "../../../scripts/validate/tools";
import { tempDir } from "../../helpers/temp";

const good = renderUserData({
  k3sVersion: "v1.36.4+k3s1",
  mode: "agent",
  config: { server: "https://10.0.1.254:6443", token: "t0k3n" },
  nodesSubnet: "10.0.1.0/24",
  tlsFiles: [],
});

let workDir: string;
beforeEach(() => {
  workDir = tempDir("validate-test");
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

// The validators are system packages (.ci/run installs them); `npm test` needs Node alone.
describe.skipIf(!hasCommand("shellcheck"))("shellcheck check (needs shellcheck installed)", () => {
  it("passes the install script the program renders", () => {
    expect(checkShellInUserData([{ server: "n1", text: good }], workDir)).toEqual([]);
  });

  it("fails on a shell syntax error and names the script and server", () => {
    const broken = good.replace('if [ -z "$found" ]; then', 'if [ -z "$found" ] then');
    const findings = checkShellInUserData([{ server: "n1", text: broken }], workDir);
    expect(findings.map((f) => f.subject)).toEqual(["/usr/local/sbin/jardin-install-k3s in the user data of n1"]);
    expect(findings[0]!.message).toMatch(/SC\d{4}/);
  });
});

describe.skipIf(!hasCommand("cloud-init"))("cloud-init schema check (needs cloud-init installed)", () => {
  it("passes the cloud-config the program renders and fails one with a wrongly typed key", () => {
    expect(checkCloudConfigs([{ server: "n1", text: good }], workDir)).toEqual([]);
    const broken = good.replace('permissions: "0600"', "permissions: 600");
    const findings = checkCloudConfigs([{ server: "n1", text: broken }], workDir);
    expect(findings.map((f) => f.subject)).toEqual(["user data of n1"]);
    expect(findings[0]!.message).toContain("permissions: 600 is not of type 'string'");
  });
});

describe("npm run validate", () => {
  it("reports a missing validator as a failure with how to install it, and runs the checks it can", async () => {
    const ran: string[] = [];
    const checks: Check[] = [
      { name: "needs-nothing", needs: [], run: async () => (ran.push("needs-nothing"), []) },
      { name: "needs-a-ghost", needs: [{ command: "jardin-no-such-tool", install: "apt-get install -y ghost" }], run: async () => (ran.push("ghost"), []) },
    ];
    const { results, servers } = await validate(checks, join(__dirname, "../../.."));
    expect(ran).toEqual(["needs-nothing"]);
    expect(servers).toBe(0);
    expect(results).toEqual([
      { check: "needs-nothing", findings: [] },
      {
        check: "needs-a-ghost",
        findings: [{ subject: "needs-a-ghost", message: "jardin-no-such-tool is not installed; install it (apt-get install -y ghost) and run again" }],
      },
    ]);
  });
});
