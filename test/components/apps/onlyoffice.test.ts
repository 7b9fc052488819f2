import { describe, expect, it } from "vitest";
import { ONLYOFFICE_CAPABILITIES } from "../../../components/apps/onlyoffice";
import { loadPackConfig } from "../../../policies/config";
import { podSecurity } from "../../../policies/pod-security";
import { violationsOf } from "../../helpers/policies";
import { named, tenantResources } from "../../helpers/tenant";

/**
 * What Pod Security's baseline profile lets a container add back: the onlyoffice namespace is
 * `baseline`, so the API server refuses any other.
 * https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline ("Capabilities")
 */
const BASELINE_CAPABILITIES = ["AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT"];

const documentServer = async () => named(await tenantResources({ apps: { nextcloud: { storageGiB: 250, office: "onlyoffice" } } }), "les-semeurs-nextcloud-office");

describe("OnlyOffice's Document Server", () => {
  it("drops every capability and adds back only what its root start-up uses, all within baseline", async () => {
    const server = await documentServer();
    const container = (server.inputs as any).spec.template.spec.containers[0];
    expect(container.securityContext).toEqual({
      capabilities: { drop: ["ALL"], add: ["AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "KILL", "NET_BIND_SERVICE", "SETGID", "SETUID"] },
      seccompProfile: { type: "RuntimeDefault" },
    });
    expect(ONLYOFFICE_CAPABILITIES.filter((c) => !BASELINE_CAPABILITIES.includes(c))).toEqual([]);
  });

  it("breaks exactly the pod-security rules its exemption in policies/config.json names, and passes with it", async () => {
    const server = await documentServer();
    // In its own namespace, as the program names it.
    const resource = { ...server, inputs: { ...server.inputs, metadata: { ...(server.inputs as any).metadata, namespace: "les-semeurs-office" } } };
    const config = loadPackConfig();
    const allowed = (config["pod-security"] as { allow: { name: string; rules: string[] }[] }).allow.find((a) => a.name === "onlyoffice")!.rules;
    const broken = (await violationsOf(podSecurity, resource)).map((m) => /\[([a-z-]+)\]$/.exec(m)![1]);
    expect([...new Set(broken)].sort()).toEqual([...allowed].sort());
    expect(await violationsOf(podSecurity, resource, config)).toEqual([]);
  });
});
