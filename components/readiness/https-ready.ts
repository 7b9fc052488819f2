import * as pulumi from "@pulumi/pulumi";
import { realIo, waitUntilReady, type Expectation, type Probe } from "./probe";

/** The dynamic resource's type: `pulumi-nodejs:dynamic/jardin:HttpsReady`. */
export const HTTPS_READY_TYPE = "pulumi-nodejs:dynamic/jardin:HttpsReady";

export interface HttpsReadyArgs {
  readonly what: string;
  readonly url: pulumi.Input<string>;
  readonly caPem?: pulumi.Input<string>;
  readonly serverName?: string;
  readonly clientCertPem?: pulumi.Input<string>;
  /** Kept secret in the state; never written to a file. */
  readonly clientKeyPem?: pulumi.Input<string>;
  readonly expect: Expectation;
  /** @default 900 (15 minutes) */
  readonly timeoutSeconds?: number;
  /** @default 10 */
  readonly intervalSeconds?: number;
}

/**
 * The provider Pulumi serializes with each gate and runs in its dynamic-provider process: create
 * and update both wait; there is nothing to delete. Outputs leave the client key out, so nothing
 * secret is copied into them.
 */
export const readinessProvider: pulumi.dynamic.ResourceProvider = {
  async create(inputs: Probe) {
    await waitUntilReady(inputs, realIo());
    return { id: inputs.what, outs: { what: inputs.what, url: inputs.url } };
  },
  async update(_id: string, _olds: Probe, news: Probe) {
    await waitUntilReady(news, realIo());
    return { outs: { what: news.what, url: news.url } };
  },
};

/**
 * A deployment step that ends only once an HTTPS endpoint answers ready (bounded by its timeout,
 * with an error naming what and where): what depends on it, a provider above all, is created
 * after. A Pulumi dynamic resource: no binary, no file, the client key stays a secret input.
 */
export class HttpsReady extends pulumi.dynamic.Resource {
  declare readonly url: pulumi.Output<string>;

  constructor(name: string, args: HttpsReadyArgs, opts?: pulumi.CustomResourceOptions) {
    const inputs: Record<keyof Probe, unknown> = {
      what: args.what,
      url: args.url,
      caPem: args.caPem,
      serverName: args.serverName,
      clientCertPem: args.clientCertPem,
      clientKeyPem: args.clientKeyPem === undefined ? undefined : pulumi.secret(args.clientKeyPem),
      expect: args.expect,
      timeoutSeconds: args.timeoutSeconds ?? 900,
      intervalSeconds: args.intervalSeconds ?? 10,
    };
    super(readinessProvider, name, inputs, opts, "jardin", "HttpsReady");
  }
}
