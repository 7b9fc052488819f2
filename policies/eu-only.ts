import type { ResourceValidationPolicy } from "@pulumi/policy";
import { EU_LOCATIONS, EU_NETWORK_ZONE } from "../model/hetzner";
import { describeObject } from "./lib/kubernetes";
import { barmanStores, etcdS3Settings, hetznerHosts, isHetznerEndpoint } from "./lib/object-storage";

/**
 * Hetzner inputs that place a resource somewhere: `location` (Server, Volume, PrimaryIp, LoadBalancer),
 * `homeLocation` (FloatingIp); `networkZone` is checked on its own.
 */
const PLACEMENT_INPUTS = ["location", "homeLocation"] as const;

/** Hetzner's Object Storage hosts in the EU, as a fix names them. */
const EU_HOSTS = EU_LOCATIONS.map((l) => `${l}.your-objectstorage.com`).join(", ");

/** CloudNativePG's CRs (Cluster, ObjectStore of the barman-cloud plugin): their backups must stay on Hetzner's EU storage. */
const CNPG_TYPE = /^kubernetes:(postgresql|barmancloud)\.cnpg\.io\//;

/**
 * No machine, volume, address, load balancer or backup outside the EU: tenants' data stays in the
 * EU. Object-storage endpoints are found in any string input (k3s's etcd-s3 flags in user data,
 * backup settings, an app's env), in k3s's etcd-s3 settings and in CloudNativePG's backup stores.
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

    // Walking every string of every resource is the pack's heaviest work: skip those with no endpoint at all.
    const text = JSON.stringify(args.props);
    const storageHosts = text.includes(".your-objectstorage.com") ? hetznerHosts(args.props) : [];
    for (const { path, host, location } of storageHosts) {
      if (!(EU_LOCATIONS as readonly string[]).includes(location)) {
        reportViolation(`${subject}: ${path} points at ${host}, outside the EU; use ${EU_HOSTS}`);
      }
    }
    const etcd = text.includes("etcd-s3") ? etcdS3Settings(args.props) : { enabledAt: undefined, endpoints: [] };
    if (etcd.enabledAt !== undefined && etcd.endpoints.length === 0) {
      reportViolation(`${subject}: ${etcd.enabledAt} turns on k3s's etcd-s3 snapshots without etcd-s3-endpoint, so they go to s3.amazonaws.com; set etcd-s3-endpoint to ${EU_HOSTS}`);
    }
    for (const endpoint of etcd.endpoints.filter((e) => !isHetznerEndpoint(e.value))) {
      reportViolation(`${subject}: ${endpoint.path} sends etcd snapshots to ${endpoint.value}; use ${EU_HOSTS}`);
    }
    if (CNPG_TYPE.test(args.type)) {
      for (const store of barmanStores(args.props)) {
        if (typeof store.endpointURL !== "string" || !isHetznerEndpoint(store.endpointURL)) {
          const found = store.endpointURL === undefined ? "not set (the default is AWS S3)" : JSON.stringify(store.endpointURL);
          reportViolation(`${subject}: ${store.path}.endpointURL is ${found}; use Hetzner's EU Object Storage, e.g. https://hel1.your-objectstorage.com`);
        }
      }
    }
  },
};
