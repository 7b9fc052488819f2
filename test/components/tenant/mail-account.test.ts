import { describe, expect, it } from "vitest";
import { prodPlan } from "../../helpers/plan";
import type { SnapshotResource } from "../../../scripts/plan/snapshot";

const MAIL_PASSWORD = "random:index/randomPassword:RandomPassword";
const tenantOfUrn = (urn: string) => /jardin:tenant:Tenant.*::([a-z0-9-]+)-mail-password$/.exec(urn)?.[1];
const namespaceOf = (r: SnapshotResource) => (r.inputs["metadata"] as { namespace?: string } | undefined)?.namespace;

describe("each tenant's own mail account", () => {
  it("is generated per tenant, and only that tenant's realm and namespace use it", () => {
    const { snapshot, outputs } = prodPlan();
    // Each cluster's alerts have an account of their own too (components/platform/monitoring.ts).
    const alerts = snapshot.resources.filter((r) => r.type === MAIL_PASSWORD && r.name.endsWith("-alerts-mail-password"));
    expect(alerts.map((p) => p.name).sort()).toEqual(Object.keys(outputs.clusters).sort().map((c) => `${c}-alerts-mail-password`));
    const passwords = snapshot.resources.filter((r) => r.type === MAIL_PASSWORD && r.name.endsWith("-mail-password") && !alerts.includes(r));
    expect(passwords.map((p) => p.name).sort()).toEqual(Object.keys(outputs.tenants).sort().map((id) => `${id}-mail-password`));
    for (const resource of snapshot.resources) {
      const used = resource.dependencies.flatMap((urn) => tenantOfUrn(urn) ?? []);
      if (used.length === 0) continue;
      // A realm is the tenant's own (named after it); anything else lives in the tenant's namespace
      // (or its office namespace).
      const owner = resource.type === "keycloak:index/realm:Realm" ? (resource.inputs["realm"] as string) : namespaceOf(resource)?.replace(/-office$/, "");
      expect({ resource: resource.urn, used }).toEqual({ resource: resource.urn, used: used.map(() => owner) });
    }
  });

  it("sends as the tenant's own address, the account's name at the relay, from its realm and its apps", () => {
    const { snapshot } = prodPlan();
    const realm = snapshot.resources.find((r) => r.type === "keycloak:index/realm:Realm" && r.name === "fede-educpop-realm")!;
    expect((realm.inputs["smtpServer"] as any)).toMatchObject({
      from: "fede-educpop@mail.jardin.example",
      // Generated: known once the password exists, and a secret then.
      auth: { username: "fede-educpop@mail.jardin.example", password: "[unknown]" },
    });
    expect(realm.dependencies).toContain("urn:pulumi:prod::jardin::jardin:tenant:Tenant$random:index/randomPassword:RandomPassword::fede-educpop-mail-password");
    const nextcloud = snapshot.resources.find((r) => r.type === "kubernetes:apps/v1:Deployment" && r.name === "fede-educpop-nextcloud-web")!;
    const env = (nextcloud.inputs as any).spec.template.spec.containers[0].env as { name: string; value?: string }[];
    expect(env.filter((e) => ["SMTP_NAME", "MAIL_FROM_ADDRESS", "MAIL_DOMAIN"].includes(e.name))).toEqual([
      { name: "SMTP_NAME", value: "fede-educpop@mail.jardin.example" },
      { name: "MAIL_FROM_ADDRESS", value: "fede-educpop" },
      { name: "MAIL_DOMAIN", value: "mail.jardin.example" },
    ]);
  });

  it("keeps its password in the tenant's mail-account Secret, which the stack output points gardeners to", () => {
    const { snapshot, outputs } = prodPlan();
    const secret = snapshot.resources.find((r) => r.type === "kubernetes:core/v1:Secret" && r.name === "sante-solidaire-mail-account")!;
    expect(secret.inputs["metadata"]).toMatchObject({ name: "mail-account", namespace: "sante-solidaire" });
    // Its password is generated: the whole map is known once it exists.
    expect(secret.inputs["stringData"]).toBe("[unknown]");
    expect(secret.dependencies).toEqual([
      "urn:pulumi:prod::jardin::jardin:tenant:Tenant$kubernetes:core/v1:Namespace::sante-solidaire-namespace",
      "urn:pulumi:prod::jardin::jardin:tenant:Tenant$random:index/randomPassword:RandomPassword::sante-solidaire-mail-password",
    ]);
    expect(outputs.mailAccounts["sante-solidaire"]).toEqual({
      account: "sante-solidaire@mail.jardin.example",
      sender: "sante-solidaire@mail.jardin.example",
      password: "kubectl --context ada-lovelace -n sante-solidaire get secret mail-account -o jsonpath='{.data.password}' | base64 -d",
    });
    // An adopted tenant on its import step gets no Secret of jardin's: no account yet either.
    expect(outputs.mailAccounts["cafe-des-possibles"]).toBeUndefined();
  });
});
