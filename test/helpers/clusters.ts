import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { BuiltCluster } from "../../model/contract/cluster";

/** A created cluster as the machines side hands it over: its provider, network and ingress addresses. */
export function createdCluster(name: string, networkId = "4711", ingressAddress = "203.0.113.80", ingressAddressV6 = "2001:db8::80"): BuiltCluster {
  return {
    name,
    provider: new k8s.Provider(`${name}-k8s`, { kubeconfig: "apiVersion: v1" }),
    kubeconfig: pulumi.secret("apiVersion: v1"),
    hetzner: { networkId: pulumi.output(networkId), ingressAddress: pulumi.output(ingressAddress), ingressAddressV6: pulumi.output(ingressAddressV6), ingressPrivateAddress: pulumi.output("10.0.1.253") },
  };
}

/** An adopted cluster: a provider and nothing else. */
export function adoptedCluster(name: string): BuiltCluster {
  return { name, provider: new k8s.Provider(`${name}-k8s`, { kubeconfig: "apiVersion: v1" }), kubeconfig: pulumi.secret("apiVersion: v1") };
}

/** The resolved value of an output, under mocks. */
export function resolved<T>(value: pulumi.Input<T>): Promise<T> {
  return new Promise((resolve) => pulumi.output(value).apply((v) => resolve(v as T)));
}
