import { describe, expect, it } from "vitest";
import { hostnameOf, tenantHostnames } from "../../model/hostnames";
import { tenantSchema } from "../../model/tenant";
import { baselineTenant } from "../helpers/declarations";

describe("tenant hostnames", () => {
  it("derives every app's hostname from the domain unless one is given", () => {
    const tenant = tenantSchema.parse(
      baselineTenant({
        apps: {
          nextcloud: { office: "onlyoffice" },
          jitsi: { hostname: "reunions.semeurs.example" },
          matrix: {},
          mobilizon: {},
          hedgedoc: {},
          grist: {},
        },
      }),
    );
    expect(tenantHostnames(tenant)).toEqual([
      { app: "nextcloud", field: "hostname", hostname: "cloud.semeurs.example" },
      { app: "nextcloud", field: "officeHostname", hostname: "office.semeurs.example" },
      { app: "jitsi", field: "hostname", hostname: "reunions.semeurs.example" },
      { app: "matrix", field: "hostname", hostname: "matrix.semeurs.example" },
      { app: "matrix", field: "elementHostname", hostname: "chat.semeurs.example" },
      { app: "mobilizon", field: "hostname", hostname: "events.semeurs.example" },
      { app: "hedgedoc", field: "hostname", hostname: "pad.semeurs.example" },
      { app: "grist", field: "hostname", hostname: "grist.semeurs.example" },
    ]);
    expect(hostnameOf(tenant, "jitsi")).toBe("reunions.semeurs.example");
  });

  it("reserves no office hostname when Nextcloud runs without an office suite", () => {
    const tenant = tenantSchema.parse(baselineTenant({ apps: { nextcloud: { office: "none" } } }));
    expect(tenantHostnames(tenant).map((h) => h.hostname)).toEqual(["cloud.semeurs.example"]);
  });
});
