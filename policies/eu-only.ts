import type { ResourceValidationPolicy } from "@pulumi/policy";
import { EU_LOCATIONS, EU_NETWORK_ZONE } from "../model/hetzner";
import { asRecord, describeObject, isRecord } from "./lib/kubernetes";

/** Hetzner inputs that place a resource somewhere (DESIGN.md lists the resources that have them). */
const PLACEMENT_INPUTS = ["location", "homeLocation"] as const;

/** `<location>.your-objectstorage.com`, Hetzner's Object Storage endpoints, with or without a scheme. */
const OBJECT_STORAGE_HOST = /(?<![a-z0-9-])([a-z0-9-]+)\.your-objectstorage\.com\b/gi;

/** Any S3 endpoint of a CloudNativePG backup store: a Hetzner one must be in the EU, another is refused. */
const OBJECT_STORE_TYPE = "kubernetes:barmancloud.cnpg.io/v1:ObjectStore";

/**
 * No machine, volume, address, load balancer or backup outside the EU: tenants' data stays in the
 * EU. Object-storage endpoints are found in any string input (k3s's etcd-s3 flags in user data,
 * backup settings, an app's env) and in CloudNativePG ObjectStores.
 */
export const euOnly: ResourceValidationPolicy = {
  name: "eu-only",
  description:
    "Every Hetzner resource is placed in an EU location (fsn1, nbg1, hel1) or the eu-central network zone, never by the removed datacenter argument, and every object-storage endpoint (backups, etcd snapshots) is Hetzner's fsn1, nbg1 or hel1; inside a Helm release, only the values passed to it are visible.",
  validateResource: (args, reportViolation) => {
    const subject = args.type.startsWith("kubernetes:") ? describeObject(args.type, args.props, args.name) : `${args.type.split(":").at(-1)} ${args.name}`;
    if (args.type.startsWith("hcloud:")) {
      for (const input of PLACEMENT_INPUTS) {
        const value: unknown = args.props[input];
        if (value !== undefined && !(EU_LOCATIONS as readonly unknown[]).includes(value)) {
          reportViolation(`${subject}: ${input} ${JSON.stringify(value)} is outside the EU; use ${EU_LOCATIONS.join(", ")}`);
        }
      }
      const zone: unknown = args.props["networkZone"];
      if (zone !== undefined && zone !== EU_NETWORK_ZONE) {
        reportViolation(`${subject}: networkZone ${JSON.stringify(zone)} is outside the EU; use ${EU_NETWORK_ZONE}`);
      }
      // Hetzner removed `datacenter` from its API on 2026-07-01; a location says where, and is checked above.
      if (args.props["datacenter"] !== undefined) {
        reportViolation(`${subject}: datacenter ${JSON.stringify(args.props["datacenter"])} is set; it was removed from Hetzner's API, use location (${EU_LOCATIONS.join(", ")})`);
      }
    }

    for (const [path, host, location] of objectStorageHosts(args.props, "")) {
      if (!(EU_LOCATIONS as readonly string[]).includes(location)) {
        reportViolation(`${subject}: ${path} points at ${host}, outside the EU; use ${EU_LOCATIONS.map((l) => `${l}.your-objectstorage.com`).join(", ")}`);
      }
    }
    if (args.type === OBJECT_STORE_TYPE) {
      const url: unknown = asRecord(asRecord(args.props["spec"])["configuration"])["endpointURL"];
      if (typeof url !== "string" || !/\.your-objectstorage\.com\b/i.test(url)) {
        reportViolation(`${subject}: spec.configuration.endpointURL is ${url === undefined ? "not set (the default is AWS S3)" : JSON.stringify(url)}; use Hetzner's EU Object Storage, e.g. https://hel1.your-objectstorage.com`);
      }
    }
  },
};

/** Every `<location>.your-objectstorage.com` in any string of the inputs, with its path. */
function objectStorageHosts(value: unknown, path: string): [string, string, string][] {
  if (typeof value === "string") {
    return [...value.matchAll(OBJECT_STORAGE_HOST)].map((match) => [path, `${match[1]}.your-objectstorage.com`, (match[1] ?? "").toLowerCase()]);
  }
  if (Array.isArray(value)) return value.flatMap((item, index) => objectStorageHosts(item, `${path}[${index}]`));
  if (isRecord(value)) return Object.entries(value).flatMap(([key, item]) => objectStorageHosts(item, path === "" ? key : `${path}.${key}`));
  return [];
}
