import { describe, expect, it } from "vitest";
import { formatSummary } from "../../../scripts/plan/summary";
import { baselineTenant } from "../../helpers/declarations";
import { planWithTenants, prodPlan } from "../../helpers/plan";

describe("plan summary", () => {
  it("counts the prod stack's resources per cluster, per tenant, by app and by type", () => {
    const { snapshot, outputs } = prodPlan();
    const lines = formatSummary(snapshot, outputs).split("\n");
    expect(lines.slice(0, 2)).toEqual(["jardin plan · stack prod · offline (the program under Pulumi mocks: no cloud, no credentials)", ""]);
    const start = lines.indexOf("  tenant amap-du-plateau (active)                                         41");
    expect(lines.slice(start, start + 40)).toEqual([
      "  tenant amap-du-plateau (active)                                         41",
      "    (tenant)                                                              24",
      "      jardin:tenant:Tenant                                                 1",
      "      keycloak:index/realm:Realm                                           1",
      "      keycloak:index/requiredAction:RequiredAction                         1",
      "      keycloak:index/user:User                                             1",
      "      keycloak:index/userRoles:UserRoles                                   1",
      "      kubernetes:core/v1:LimitRange                                        1",
      "      kubernetes:core/v1:Namespace                                         1",
      "      kubernetes:core/v1:ResourceQuota                                     1",
      // The volume backups: repository Secret, its password and the exports' passphrase, PodConfig,
      // Schedule (their pods leave through the tenant's internet egress policy); the tenant's mail
      // account: its password and Secret.
      "      kubernetes:core/v1:Secret                                            2",
      "      kubernetes:k8up.io/v1:PodConfig                                      1",
      "      kubernetes:k8up.io/v1:Schedule                                       1",
      "      kubernetes:networking.k8s.io/v1:NetworkPolicy                        9",
      "      random:index/randomPassword:RandomPassword                           3",
      "    nextcloud                                                             17",
      "      jardin:apps:Nextcloud                                                1",
      "      keycloak:openid/client:Client                                        1",
      "      kubernetes:apps/v1:Deployment                                        2",
      "      kubernetes:barmancloud.cnpg.io/v1:ObjectStore                        1",
      "      kubernetes:batch/v1:CronJob                                          1",
      "      kubernetes:core/v1:ConfigMap                                         1",
      "      kubernetes:core/v1:PersistentVolumeClaim                             1",
      "      kubernetes:core/v1:Secret                                            1",
      "      kubernetes:core/v1:Service                                           2",
      "      kubernetes:networking.k8s.io/v1:Ingress                              1",
      "      kubernetes:postgresql.cnpg.io/v1:Cluster                             1",
      "      kubernetes:postgresql.cnpg.io/v1:ScheduledBackup                     1",
      "      random:index/randomPassword:RandomPassword                           3",
      // Being adopted (tenants/cafe-des-possibles.ts): only what holds its data, imported.
      "  tenant cafe-des-possibles (active)                                       6",
      "    (tenant)                                                               4",
      "      jardin:tenant:Tenant                                                 1",
      "      keycloak:index/realm:Realm                                           1",
      "      kubernetes:core/v1:Namespace                                         1",
      // Its realm's mail account, generated already; no Secret in the namespace yet.
      "      random:index/randomPassword:RandomPassword                           1",
      "    nextcloud                                                              2",
      "      jardin:apps:Nextcloud                                                1",
      "      kubernetes:core/v1:PersistentVolumeClaim                             1",
      "  tenant fede-educpop (active)                                           128",
      "    (tenant)                                                              42",
    ]);
    // The example federation: all six apps, each in its own group.
    const fede = lines.slice(start + 38, lines.findIndex((l, i) => i > start + 38 && l.startsWith("  tenant ")));
    expect(fede.filter((l) => /^ {4}\w/.test(l)).map((l) => l.trim().split(/ +/)[0])).toEqual([
      "grist", "hedgedoc", "jitsi", "matrix", "mobilizon", "nextcloud",
    ]);
    expect(lines.at(-1)).toBe(`total                                                          ${snapshot.resources.length} resources`);
  });

  it("says under an adopted cluster what its gardeners must do by hand: the videobridge port its firewall must open", () => {
    const { snapshot, outputs } = prodPlan();
    const lines = formatSummary(snapshot, outputs).split("\n");
    const port = outputs.byHand["louise-michel"]![0]!.match(/UDP (\d+)/)![1];
    const cluster = lines.findIndex((l) => l.startsWith("cluster louise-michel (adopted"));
    expect(lines[cluster + 1]).toBe(
      `  by hand: open UDP ${port} from anywhere to every node of louise-michel: fede-educpop's Jitsi videobridge (media fails without it)`,
    );
    // ada-lovelace's firewall is jardin's: nothing by hand there.
    expect(outputs.byHand["ada-lovelace"]).toBeUndefined();
  });

  it("shows a tenant's state and the resources its state adds", async () => {
    const { snapshot, outputs } = await planWithTenants({ "fede-educpop.ts": baselineTenant({ id: "fede-educpop", domain: "educpop.example", cluster: "louise-michel", state: "suspended" }) });
    const lines = formatSummary(snapshot, outputs).split("\n");
    const start = lines.indexOf("  tenant fede-educpop (suspended)                                         66");
    expect(lines.slice(start, start + 18)).toEqual([
      "  tenant fede-educpop (suspended)                                         66",
      "    (tenant)                                                              37",
      "      jardin:tenant:Tenant                                                 1",
      // Its MFA login flows (components/tenant/mfa.ts).
      "      keycloak:authentication/bindings:Bindings                            1",
      "      keycloak:authentication/execution:Execution                          6",
      "      keycloak:authentication/flow:Flow                                    2",
      "      keycloak:authentication/subflow:Subflow                              1",
      "      keycloak:index/realm:Realm                                           1",
      "      keycloak:index/requiredAction:RequiredAction                         1",
      "      keycloak:index/user:User                                             1",
      "      keycloak:index/userRoles:UserRoles                                   1",
      "      kubernetes:core/v1:LimitRange                                        1",
      "      kubernetes:core/v1:Namespace                                         1",
      // The lifecycle lock beside the apps' quota; the maintenance page's Ingress.
      "      kubernetes:core/v1:ResourceQuota                                     2",
      // Its volume backups keep running, and entering the state took one more; its mail account.
      "      kubernetes:core/v1:Secret                                            2",
      "      kubernetes:k8up.io/v1:Backup                                         1",
      "      kubernetes:k8up.io/v1:PodConfig                                      1",
      "      kubernetes:k8up.io/v1:Schedule                                       1",
    ]);
  });
});
