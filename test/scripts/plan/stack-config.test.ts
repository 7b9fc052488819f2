import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "../../helpers/temp";
import { describe, expect, it } from "vitest";
import { readStackConfig } from "../../../scripts/plan/stack-config";
import { ROOT_DIR } from "../../helpers/declarations";

function projectDir(pulumiYaml: string, stackYaml: string): string {
  const dir = tempDir("config");
  writeFileSync(join(dir, "Pulumi.yaml"), pulumiYaml);
  writeFileSync(join(dir, "Pulumi.prod.yaml"), stackYaml);
  return dir;
}

describe("stack config", () => {
  it("reads the prod stack's settings and stands in for each declared secret", () => {
    expect(readStackConfig(ROOT_DIR, "prod")).toEqual({
      project: "jardin",
      values: {
        "jardin:kubeconfig-louise-michel": "offline stand-in for kubeconfig-louise-michel",
        "jardin:hcloudToken": "offline stand-in for hcloudToken",
        "jardin:hcloudToken-ada-lovelace": "offline stand-in for hcloudToken-ada-lovelace",
        "jardin:backupsAccessKeyId": "offline stand-in for backupsAccessKeyId",
        "jardin:backupsSecretAccessKey": "offline stand-in for backupsSecretAccessKey",
        "jardin:etcdSnapshotsAccessKeyId": "offline stand-in for etcdSnapshotsAccessKeyId",
        "jardin:etcdSnapshotsSecretAccessKey": "offline stand-in for etcdSnapshotsSecretAccessKey",
        "pulumi:disable-default-providers": '["hcloud","keycloak","kubernetes","random","tls"]',
      },
      secretKeys: [
        "jardin:kubeconfig-louise-michel",
        "jardin:hcloudToken",
        "jardin:hcloudToken-ada-lovelace",
        "jardin:backupsAccessKeyId",
        "jardin:backupsSecretAccessKey",
        "jardin:etcdSnapshotsAccessKeyId",
        "jardin:etcdSnapshotsSecretAccessKey",
      ],
    });
  });

  it("refuses a project key the stack sets without Pulumi.yaml declaring it", () => {
    const dir = projectDir("name: jardin\nmain: stacks/index.ts\nruntime: nodejs\n", "config:\n  jardin:colour: green\n");
    expect(() => readStackConfig(dir, "prod")).toThrow(
      'Pulumi.prod.yaml: config key "jardin:colour" is not declared in Pulumi.yaml; declare it there with a description',
    );
  });

  it("keeps the stand-in even when a stack file holds an encrypted secret", () => {
    const dir = projectDir(
      "name: jardin\nmain: stacks/index.ts\nruntime: nodejs\nconfig:\n  token:\n    type: string\n    secret: true\n    description: A token.\n",
      "config:\n  jardin:token:\n    secure: AAABAMxyz\n",
    );
    expect(readStackConfig(dir, "prod").values).toEqual({ "jardin:token": "offline stand-in for token" });
  });

  it("refuses a secret written in clear in the stack file, and says to rotate it", () => {
    const dir = projectDir(
      "name: jardin\nmain: stacks/index.ts\nruntime: nodejs\nconfig:\n  token:\n    type: string\n    secret: true\n    description: A token.\n",
      "config:\n  jardin:token: hunter2\n",
    );
    expect(() => readStackConfig(dir, "prod")).toThrow(
      'Pulumi.prod.yaml: config key "jardin:token" is a secret (Pulumi.yaml) written in clear; treat it as leaked: rotate it, then set it with `pulumi config set --secret token`',
    );
  });
});
