import { generateKeyPairSync, randomBytes } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import { recordPlan } from "../plan/record";

/** One server's user data, as the program renders it. */
export interface RenderedUserData {
  /** The server's name. */
  readonly server: string;
  readonly text: string;
}

const cache = new Map<string, Promise<RenderedUserData[]>>();

/** renderedUserData, once per repository root and process: several checks read them. */
export function userDataOf(rootDir: string): Promise<RenderedUserData[]> {
  let rendered = cache.get(rootDir);
  if (rendered === undefined) cache.set(rootDir, (rendered = renderedUserData(rootDir)));
  return rendered;
}

/**
 * Every server's user data, rendered by the real program (stacks/program.ts) under mocks. The plan's
 * snapshot hides it (it is a secret, and unknown before the machines exist), so here the mocks
 * stand in for what providers compute: keys of the right kind, PEM-shaped certificates, a token,
 * load balancer addresses. The rendering code and its inputs' shapes are exactly the servers'.
 */
export async function renderedUserData(rootDir: string): Promise<RenderedUserData[]> {
  const found: RenderedUserData[] = [];
  await recordPlan({
    rootDir,
    outputs: (args) => {
      if (args.type === "hcloud:index/server:Server") {
        const text: unknown = pulumi.runtime.unwrapRpcSecret(args.inputs["userData"]);
        if (typeof text === "string") found.push({ server: String(args.inputs["name"]), text });
        return {};
      }
      return standInOutputs(args);
    },
  });
  return found.sort((a, b) => a.server.localeCompare(b.server));
}

function standInOutputs(args: pulumi.runtime.MockResourceArgs): Record<string, unknown> {
  switch (args.type) {
    case "tls:index/privateKey:PrivateKey":
      return { privateKeyPem: privateKeyPem(args.inputs["algorithm"] === "RSA" ? "rsa" : "ec") };
    case "tls:index/selfSignedCert:SelfSignedCert":
    case "tls:index/locallySignedCert:LocallySignedCert":
      return { certPem: pem("CERTIFICATE", 400) };
    case "tls:index/certRequest:CertRequest":
      return { certRequestPem: pem("CERTIFICATE REQUEST", 300) };
    case "random:index/randomPassword:RandomPassword":
      return { result: randomBytes(36).toString("base64url").slice(0, Number(args.inputs["length"] ?? 32)) };
    case "hcloud:index/loadBalancer:LoadBalancer":
      return { ipv4: "203.0.113.80" };
    case "hcloud:index/loadBalancerNetwork:LoadBalancerNetwork":
      return { ip: "10.0.1.254" };
    default:
      return {};
  }
}

function privateKeyPem(kind: "rsa" | "ec"): string {
  // The tls provider writes RSA keys as PKCS#1 and EC keys as SEC 1, as here.
  const { privateKey } =
    kind === "rsa"
      ? generateKeyPairSync("rsa", { modulusLength: 2048 })
      : generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  return privateKey.export({ type: kind === "rsa" ? "pkcs1" : "sec1", format: "pem" }).toString();
}

function pem(label: string, bytes: number): string {
  const body = randomBytes(bytes).toString("base64").replace(/.{64}/g, "$&\n").trimEnd();
  return `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;
}
