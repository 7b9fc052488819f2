import type * as pulumi from "@pulumi/pulumi";
import type { FleetServices, SharedServices } from "../model/contract/platform";
import type { Fleet } from "../model/fleet";
import { objectStorageEndpoint } from "../model/hetzner";

/** The backups bucket as every app and database sees it; its keys are secret config. */
export function backupsService(fleet: Fleet, config: pulumi.Config): FleetServices["backups"] {
  return {
    bucket: fleet.backups.bucket,
    endpoint: objectStorageEndpoint(fleet.backups.location),
    // Hetzner Object Storage names its region after the location.
    region: fleet.backups.location,
    accessKeyId: config.requireSecret("backupsAccessKeyId"),
    secretAccessKey: config.requireSecret("backupsSecretAccessKey"),
  };
}

/**
 * The fleet's shared services, handed to every tenant whatever its cluster. The mail relay comes
 * without a password: each tenant makes an account of its own on it (components/tenant/mail-account.ts).
 */
export function fleetServices(fleet: Fleet, sso: FleetServices["sso"], backups: FleetServices["backups"]): SharedServices {
  return { sso, mailRelay: { ...fleet.smtp }, backups };
}
