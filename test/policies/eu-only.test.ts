import { describe, expect, it } from "vitest";
import { euOnly } from "../../policies/eu-only";
import { plannedResource, violationsOf } from "../helpers/policies";
import { container, deployment, env } from "../helpers/workloads";

const server = (inputs: Record<string, unknown>) =>
  plannedResource("hcloud:index/server:Server", { serverType: "cpx42", image: "debian-13", location: "fsn1", ...inputs }, { name: "ada-1" });
const objectStore = (endpointURL?: string) =>
  plannedResource("kubernetes:barmancloud.cnpg.io/v1:ObjectStore", {
    metadata: { name: "backups", namespace: "les-semeurs" },
    spec: { configuration: { destinationPath: "s3://jardin-prod-backups/les-semeurs", ...(endpointURL === undefined ? {} : { endpointURL }) } },
  });

describe("policy eu-only", () => {
  it("passes a server in Falkenstein, a subnet in eu-central and a floating IP homed in Helsinki", async () => {
    expect(await violationsOf(euOnly, server({}))).toEqual([]);
    expect(await violationsOf(euOnly, plannedResource("hcloud:index/networkSubnet:NetworkSubnet", { networkZone: "eu-central" }))).toEqual([]);
    expect(await violationsOf(euOnly, plannedResource("hcloud:index/floatingIp:FloatingIp", { homeLocation: "hel1" }))).toEqual([]);
  });

  it("stops a server in Ashburn", async () => {
    expect(await violationsOf(euOnly, server({ location: "ash" }))).toEqual(['Server ada-1: location "ash" is outside the EU; use fsn1, nbg1, hel1']);
  });

  it("stops a load balancer in the us-west network zone", async () => {
    expect(await violationsOf(euOnly, plannedResource("hcloud:index/loadBalancer:LoadBalancer", { networkZone: "us-west" }))).toEqual([
      'LoadBalancer example: networkZone "us-west" is outside the EU; use eu-central',
    ]);
  });

  it("stops a floating IP homed in Singapore", async () => {
    expect(await violationsOf(euOnly, plannedResource("hcloud:index/floatingIp:FloatingIp", { homeLocation: "sin" }))).toEqual([
      'FloatingIp example: homeLocation "sin" is outside the EU; use fsn1, nbg1, hel1',
    ]);
  });

  it("refuses the removed datacenter argument, even in the EU", async () => {
    expect(await violationsOf(euOnly, server({ location: undefined, datacenter: "fsn1-dc14" }))).toEqual([
      'Server ada-1: datacenter "fsn1-dc14" is set; it was removed from Hetzner\'s API, use location (fsn1, nbg1, hel1)',
    ]);
  });

  it("stops etcd snapshots sent to an object-storage endpoint outside the EU, wherever the string sits", async () => {
    const userData = "#cloud-config\nruncmd:\n  - k3s server --etcd-s3 --etcd-s3-endpoint=ash1.your-objectstorage.com --etcd-s3-bucket=etcd\n";
    expect(await violationsOf(euOnly, server({ userData }))).toEqual([
      "Server ada-1: userData points at ash1.your-objectstorage.com, outside the EU; use fsn1.your-objectstorage.com, nbg1.your-objectstorage.com, hel1.your-objectstorage.com",
    ]);
    expect(await violationsOf(euOnly, server({ userData: userData.replace("ash1", "hel1") }))).toEqual([]);
  });

  it("checks endpoints in Kubernetes objects too: an app's env, a backup's settings", async () => {
    const app = deployment([container({ env: env({ S3_ENDPOINT: "https://jardin.sin1.your-objectstorage.com" }) })]);
    expect(await violationsOf(euOnly, plannedResource("kubernetes:apps/v1:Deployment", app))).toEqual([
      "Deployment les-semeurs/app: spec.template.spec.containers[0].env[0].value points at sin1.your-objectstorage.com, outside the EU; use fsn1.your-objectstorage.com, nbg1.your-objectstorage.com, hel1.your-objectstorage.com",
    ]);
  });

  it("holds CloudNativePG object stores to Hetzner's EU endpoints", async () => {
    expect(await violationsOf(euOnly, objectStore("https://hel1.your-objectstorage.com"))).toEqual([]);
    expect(await violationsOf(euOnly, objectStore("https://s3.us-east-1.amazonaws.com"))).toEqual([
      'ObjectStore les-semeurs/backups: spec.configuration.endpointURL is "https://s3.us-east-1.amazonaws.com"; use Hetzner\'s EU Object Storage, e.g. https://hel1.your-objectstorage.com',
    ]);
    expect(await violationsOf(euOnly, objectStore())).toEqual([
      "ObjectStore les-semeurs/backups: spec.configuration.endpointURL is not set (the default is AWS S3); use Hetzner's EU Object Storage, e.g. https://hel1.your-objectstorage.com",
    ]);
  });

  it("leaves other providers' placement words alone", async () => {
    expect(await violationsOf(euOnly, plannedResource("kubernetes:core/v1:ConfigMap", { location: "ash" }))).toEqual([]);
  });
});

describe("policy eu-only: k3s etcd snapshots and PostgreSQL backups", () => {
  const withUserData = (userData: string) =>
    plannedResource("hcloud:index/server:Server", { serverType: "cpx22", image: "debian-13", location: "fsn1", userData }, { name: "ada-1" });
  const HOSTS = "fsn1.your-objectstorage.com, nbg1.your-objectstorage.com, hel1.your-objectstorage.com";

  it("passes etcd-s3 snapshots sent to Hetzner's EU storage, as a flag or a config.yaml key", async () => {
    expect(await violationsOf(euOnly, withUserData("k3s server --etcd-s3 --etcd-s3-endpoint fsn1.your-objectstorage.com"))).toEqual([]);
    expect(await violationsOf(euOnly, withUserData("etcd-s3: true\netcd-s3-endpoint: \"hel1.your-objectstorage.com\"\n"))).toEqual([]);
  });

  it("stops etcd-s3 turned on without an endpoint: k3s would upload to s3.amazonaws.com", async () => {
    expect(await violationsOf(euOnly, withUserData("write_files:\n  - content: |\n      etcd-s3: true\n      etcd-s3-bucket: etcd\n"))).toEqual([
      `Server ada-1: userData turns on k3s's etcd-s3 snapshots without etcd-s3-endpoint, so they go to s3.amazonaws.com; set etcd-s3-endpoint to ${HOSTS}`,
    ]);
  });

  it("stops etcd snapshots sent elsewhere, in user data or in k3s's snapshot Secret", async () => {
    expect(await violationsOf(euOnly, withUserData("k3s server --etcd-s3 --etcd-s3-endpoint=s3.us-east-2.amazonaws.com"))).toEqual([
      `Server ada-1: userData sends etcd snapshots to s3.us-east-2.amazonaws.com; use ${HOSTS}`,
    ]);
    const secret = plannedResource("kubernetes:core/v1:Secret", {
      metadata: { name: "k3s-etcd-snapshot-s3-config", namespace: "kube-system" },
      stringData: { "etcd-s3-endpoint": "s3.us-east-2.amazonaws.com", "etcd-s3-bucket": "etcd" },
    });
    expect(await violationsOf(euOnly, secret)).toEqual([
      `Secret kube-system/k3s-etcd-snapshot-s3-config: stringData.etcd-s3-endpoint sends etcd snapshots to s3.us-east-2.amazonaws.com; use ${HOSTS}`,
    ]);
  });

  it("holds a Cluster's deprecated barmanObjectStore and its restore sources to the same rule", async () => {
    const cluster = plannedResource("kubernetes:postgresql.cnpg.io/v1:Cluster", {
      metadata: { name: "db", namespace: "les-semeurs" },
      spec: {
        backup: { barmanObjectStore: { destinationPath: "s3://b/db", endpointURL: "https://nbg1.your-objectstorage.com" } },
        externalClusters: [{ name: "origin", barmanObjectStore: { destinationPath: "s3://old/db" } }],
      },
    });
    expect(await violationsOf(euOnly, cluster)).toEqual([
      "Cluster les-semeurs/db: spec.externalClusters[0].barmanObjectStore.endpointURL is not set (the default is AWS S3); use Hetzner's EU Object Storage, e.g. https://hel1.your-objectstorage.com",
    ]);
  });
});
