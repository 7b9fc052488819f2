import { Resolver } from "node:dns/promises";

/** How the checks reach the fleet: the resolvers names are asked of, the HTTPS port, the CAs trusted, the time. */
export interface VerifyContext {
  /** The moment ages are measured from. */
  readonly now: Date;
  /** The addresses of `hostname`, as the chosen resolvers answer (IPv4 for 4, IPv6 for 6); [] when there is none. */
  resolve(hostname: string, family: 4 | 6): Promise<string[]>;
  /** The port apps and Keycloak answer HTTPS on. @default 443 */
  readonly httpsPort: number;
  /** Certificate authorities trusted besides the system's (PEM), e.g. a staging ACME CA. */
  readonly ca?: readonly string[];
  /** How long one request may take before it counts as unanswered, in milliseconds. */
  readonly requestTimeoutMs: number;
}

export interface ContextOptions {
  /** `ip` or `ip:port` of DNS resolvers. @default the system's */
  readonly resolvers?: readonly string[];
  readonly now?: Date;
  readonly httpsPort?: number;
  readonly ca?: readonly string[];
  /** @default 15 s */
  readonly requestTimeoutMs?: number;
}

/** The context `npm run verify` runs in, from its options. */
export function verifyContext(options: ContextOptions = {}): VerifyContext {
  const resolver = new Resolver();
  if (options.resolvers !== undefined && options.resolvers.length > 0) resolver.setServers([...options.resolvers]);
  return {
    now: options.now ?? new Date(),
    httpsPort: options.httpsPort ?? 443,
    ...(options.ca === undefined ? {} : { ca: options.ca }),
    requestTimeoutMs: options.requestTimeoutMs ?? 15_000,
    async resolve(hostname, family) {
      try {
        return family === 4 ? await resolver.resolve4(hostname) : await resolver.resolve6(hostname);
      } catch (error) {
        // No record of that type (or no such name): an empty answer, which the DNS check judges.
        const code = (error as NodeJS.ErrnoException).code;
        if (code === "ENODATA" || code === "ENOTFOUND") return [];
        throw error;
      }
    },
  };
}
