import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import type { FleetServices } from "../../model/contract/platform";
import { runUnderMocks } from "../../scripts/plan/mock-runtime";
import { backupsService, fleetServices } from "../../stacks/fleet-services";
import { resolved } from "../helpers/clusters";
import { prodFleet } from "../helpers/declarations";

describe("the fleet's services", () => {
  it("reads the mail relay and backups from the fleet file, the backups' credentials from secret config, kept secret; the relay has no password of the fleet's", async () => {
    const config = {
      "jardin:backupsAccessKeyId": "key-id",
      "jardin:backupsSecretAccessKey": "key-secret",
    };
    const run = await runUnderMocks({ project: "jardin", stack: "prod", config, secretKeys: Object.keys(config) }, async () => {
      const fleet = prodFleet();
      const cfg = new pulumi.Config();
      const sso = { url: "https://sso.jardin.example" } as FleetServices["sso"];
      const services = fleetServices(fleet, sso, backupsService(fleet, cfg));
      const secrets = [services.backups.accessKeyId, services.backups.secretAccessKey];
      return {
        mailRelay: services.mailRelay,
        backups: { ...services.backups, accessKeyId: await resolved(services.backups.accessKeyId), secretAccessKey: await resolved(services.backups.secretAccessKey) },
        secret: await Promise.all(secrets.map((s) => pulumi.isSecret(s))),
        sso: services.sso.url,
      };
    });
    expect(run.result).toEqual({
      mailRelay: { host: "smtp.jardin.example", port: 587, senderDomain: "mail.jardin.example" },
      backups: {
        bucket: "jardin-prod-backups",
        endpoint: "https://hel1.your-objectstorage.com",
        region: "hel1",
        accessKeyId: "key-id",
        secretAccessKey: "key-secret",
      },
      secret: [true, true],
      sso: "https://sso.jardin.example",
    });
  });
});
