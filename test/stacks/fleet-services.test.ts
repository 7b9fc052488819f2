import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import type { FleetServices } from "../../model/contract/platform";
import { runUnderMocks } from "../../scripts/plan/mock-runtime";
import { backupsService, fleetServices } from "../../stacks/fleet-services";
import { resolved } from "../helpers/clusters";
import { prodFleet } from "../helpers/declarations";

describe("the fleet's services", () => {
  it("reads SMTP and backups from the fleet file, their credentials from secret config, kept secret", async () => {
    const config = {
      "jardin:smtpPassword": "smtp-pass",
      "jardin:backupsAccessKeyId": "key-id",
      "jardin:backupsSecretAccessKey": "key-secret",
    };
    const run = await runUnderMocks({ project: "jardin", stack: "prod", config, secretKeys: Object.keys(config) }, async () => {
      const fleet = prodFleet();
      const cfg = new pulumi.Config();
      const sso = { url: "https://sso.jardin.example" } as FleetServices["sso"];
      const services = fleetServices(fleet, cfg, sso, backupsService(fleet, cfg));
      const secrets = [services.smtp.password, services.backups.accessKeyId, services.backups.secretAccessKey];
      return {
        smtp: { ...services.smtp, password: await resolved(services.smtp.password) },
        backups: { ...services.backups, accessKeyId: await resolved(services.backups.accessKeyId), secretAccessKey: await resolved(services.backups.secretAccessKey) },
        secret: await Promise.all(secrets.map((s) => pulumi.isSecret(s))),
        sso: services.sso.url,
      };
    });
    expect(run.result).toEqual({
      smtp: { host: "smtp.jardin.example", port: 587, username: "relay@jardin.example", from: "noreply@jardin.example", password: "smtp-pass" },
      backups: {
        bucket: "jardin-prod-backups",
        endpoint: "https://hel1.your-objectstorage.com",
        region: "hel1",
        accessKeyId: "key-id",
        secretAccessKey: "key-secret",
      },
      secret: [true, true, true],
      sso: "https://sso.jardin.example",
    });
  });
});
