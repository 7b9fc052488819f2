import { describe, expect, it } from "vitest";
import { hostnameOwnershipProblems } from "../../model/hostname-ownership";
import { platformHostnames } from "../../model/platform-hostnames";
import { tenantSchema, type TenantInput } from "../../model/tenant";
import { crossTenantProblems, type LoadedTenant } from "../../model/tenant-rules";
import { baselineTenant, prodFleet } from "../helpers/declarations";

function loaded(file: string, overrides: Partial<TenantInput> = {}): LoadedTenant {
  return { file, tenant: tenantSchema.parse(baselineTenant(overrides)) };
}

const semeurs = () => loaded("tenants/les-semeurs.ts");

describe("names are owned", () => {
  it("lists the platform's names under the base domain in one place", () => {
    expect(platformHostnames(prodFleet())).toEqual([
      { hostname: "sso.jardin.example", service: "the fleet's single sign-on (Keycloak)" },
      // Only the cluster jardin creates: an adopted one's API is reached through its own kubeconfig.
      { hostname: "api.ada-lovelace.jardin.example", service: "the Kubernetes API of cluster ada-lovelace" },
    ]);
  });

  it("refuses an app hostname at a created cluster's API name", () => {
    const tenant = loaded("tenants/les-semeurs.ts", { domain: "ada-lovelace.jardin.example", apps: { jitsi: { hostname: "api.ada-lovelace.jardin.example" } } });
    expect(hostnameOwnershipProblems(prodFleet(), [tenant])).toContainEqual({
      file: "tenants/les-semeurs.ts",
      field: "apps.jitsi.hostname",
      message: '"api.ada-lovelace.jardin.example" belongs to the platform (the Kubernetes API of cluster ada-lovelace answers on api.ada-lovelace.jardin.example); use a name under the organisation\'s domain "ada-lovelace.jardin.example"',
    });
  });

  it("accepts the example tenants: a domain under the base domain, hostnames chosen inside the own domain", () => {
    const tenants = [
      loaded("tenants/amap-du-plateau.ts", { id: "amap-du-plateau", domain: "amap-du-plateau.jardin.example", apps: { nextcloud: { storageGiB: 20, office: "none" } } }),
      loaded("tenants/fede-educpop.ts", {
        id: "fede-educpop",
        domain: "educpop.example",
        apps: { nextcloud: { storageGiB: 50, hostname: "nuage.educpop.example" }, mobilizon: { hostname: "agenda.educpop.example" } },
      }),
      semeurs(),
    ];
    expect(hostnameOwnershipProblems(prodFleet(), tenants)).toEqual([]);
  });

  it("refuses a hostname the platform serves, even inside the tenant's own domain", () => {
    const tenant = loaded("tenants/les-semeurs.ts", { domain: "jardin.example", apps: { jitsi: { hostname: "sso.jardin.example" } } });
    expect(hostnameOwnershipProblems(prodFleet(), [tenant])).toEqual([
      {
        file: "tenants/les-semeurs.ts",
        field: "apps.jitsi.hostname",
        message: '"sso.jardin.example" belongs to the platform (the fleet\'s single sign-on (Keycloak) answers on sso.jardin.example); use a name under the organisation\'s domain "jardin.example"',
      },
      {
        file: "tenants/les-semeurs.ts",
        field: "domain",
        message: '"jardin.example" is the collective\'s base domain, where the platform and other organisations have their names; use the organisation\'s own domain, or "les-semeurs.jardin.example"',
      },
    ]);
  });

  it("blames the base domain on the file that claims it, never on the organisations living under it", () => {
    const amap = loaded("tenants/amap-du-plateau.ts", { id: "amap-du-plateau", domain: "amap-du-plateau.jardin.example" });
    const claimer = loaded("tenants/les-semeurs.ts", { domain: "jardin.example", apps: { hedgedoc: {} } });
    expect(crossTenantProblems(prodFleet(), "stacks/prod.ts", [amap, claimer])).toEqual([
      {
        file: "tenants/les-semeurs.ts",
        field: "domain",
        message: '"jardin.example" is the collective\'s base domain, where the platform and other organisations have their names; use the organisation\'s own domain, or "les-semeurs.jardin.example"',
      },
    ]);
    // A parent of the base domain holds it too.
    const fleet = { ...prodFleet(), baseDomain: "orgs.jardin.example" };
    const underBase = loaded("tenants/amap-du-plateau.ts", { id: "amap-du-plateau", domain: "amap-du-plateau.orgs.jardin.example" });
    expect(crossTenantProblems(fleet, "stacks/prod.ts", [underBase, claimer]).map((p) => [p.file, p.message.split(",")[0]])).toEqual([
      ["tenants/les-semeurs.ts", '"jardin.example" holds the collective\'s base domain orgs.jardin.example'],
    ]);
  });

  it("refuses an app hostname outside the tenant's domain", () => {
    const tenant = loaded("tenants/les-semeurs.ts", { apps: { jitsi: { hostname: "visio.ailleurs.example" } } });
    expect(hostnameOwnershipProblems(prodFleet(), [tenant])).toEqual([
      {
        file: "tenants/les-semeurs.ts",
        field: "apps.jitsi.hostname",
        message: '"visio.ailleurs.example" is outside the organisation\'s domain "semeurs.example"; use a name under it, like "visio.semeurs.example"',
      },
    ]);
  });

  it("refuses a domain inside another tenant's domain, naming that file", () => {
    const inner = loaded("tenants/la-ruche.ts", { id: "la-ruche", domain: "ruche.semeurs.example" });
    expect(hostnameOwnershipProblems(prodFleet(), [semeurs(), inner])).toEqual([
      {
        file: "tenants/la-ruche.ts",
        field: "domain",
        message: '"ruche.semeurs.example" lies inside the domain of tenants/les-semeurs.ts ("semeurs.example"); each organisation needs a domain of its own, like "la-ruche.jardin.example"',
      },
    ]);
  });

  it("refuses the same domain once per file when nothing says which file is new, and not again for every hostname it implies", () => {
    // Same apps as les-semeurs: every default hostname (cloud., office., visio.) clashes too.
    const twin = loaded("tenants/la-ruche.ts", { id: "la-ruche" });
    expect(crossTenantProblems(prodFleet(), "stacks/prod.ts", [semeurs(), twin])).toEqual([
      {
        file: "tenants/les-semeurs.ts",
        field: "domain",
        message: '"semeurs.example" is also the domain of tenants/la-ruche.ts; each organisation needs a domain of its own, like "les-semeurs.jardin.example"',
      },
      {
        file: "tenants/la-ruche.ts",
        field: "domain",
        message: '"semeurs.example" is also the domain of tenants/les-semeurs.ts; each organisation needs a domain of its own, like "la-ruche.jardin.example"',
      },
    ]);
  });

  it("blames a duplicate domain on the new file alone when the deployed tenants are known", () => {
    const twin = loaded("tenants/la-ruche.ts", { id: "la-ruche", apps: { nextcloud: { storageGiB: 50 }, jitsi: {}, matrix: {} } });
    const withMatrix = loaded("tenants/les-semeurs.ts", { apps: { nextcloud: { storageGiB: 50 }, jitsi: {}, matrix: {} } });
    expect(crossTenantProblems(prodFleet(), "stacks/prod.ts", [withMatrix, twin], new Set(["les-semeurs"]))).toEqual([
      {
        file: "tenants/la-ruche.ts",
        field: "domain",
        message: '"semeurs.example" is already the domain of tenants/les-semeurs.ts; each organisation needs a domain of its own, like "la-ruche.jardin.example"',
      },
    ]);
  });

  it("still reports a hostname one file uses twice, whatever the domains", () => {
    const doubled = loaded("tenants/les-semeurs.ts", { apps: { nextcloud: { storageGiB: 50, hostname: "visio.semeurs.example" }, jitsi: {} } });
    expect(crossTenantProblems(prodFleet(), "stacks/prod.ts", [doubled]).map((p) => p.field)).toEqual(["apps.nextcloud.hostname", "apps.jitsi.hostname"]);
  });

  it("blames a new domain that would hold a deployed tenant's on the new file", () => {
    const inner = loaded("tenants/la-ruche.ts", { id: "la-ruche", domain: "ruche.semeurs.example" });
    expect(hostnameOwnershipProblems(prodFleet(), [semeurs(), inner], new Set(["la-ruche"]))).toEqual([
      {
        file: "tenants/les-semeurs.ts",
        field: "domain",
        message: '"semeurs.example" would hold the domain of tenants/la-ruche.ts ("ruche.semeurs.example"); each organisation needs a domain of its own, like "les-semeurs.jardin.example"',
      },
    ]);
  });

  it("refuses a domain under a platform name", () => {
    const tenant = loaded("tenants/les-semeurs.ts", { domain: "semeurs.sso.jardin.example" });
    const problems = hostnameOwnershipProblems(prodFleet(), [tenant]);
    expect(problems.filter((p) => p.field === "domain")).toEqual([
      {
        file: "tenants/les-semeurs.ts",
        field: "domain",
        message: '"semeurs.sso.jardin.example" belongs to the platform (the fleet\'s single sign-on (Keycloak) answers on sso.jardin.example); use the organisation\'s own domain, or "les-semeurs.jardin.example"',
      },
    ]);
    // Its apps' default hostnames lie under the platform name too, and each is reported.
    expect(problems.filter((p) => p.field !== "domain").map((p) => p.field)).toEqual(["apps.nextcloud.hostname", "apps.nextcloud.officeHostname", "apps.jitsi.hostname"]);
  });

  it("runs with the other cross-file rules, so the plan refuses before anything is registered", () => {
    const tenant = loaded("tenants/les-semeurs.ts", { apps: { jitsi: { hostname: "visio.ailleurs.example" } } });
    expect(crossTenantProblems(prodFleet(), "stacks/prod.ts", [tenant]).map((p) => p.field)).toEqual(["apps.jitsi.hostname"]);
  });
});
