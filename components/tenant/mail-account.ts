import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { MailAccount, MailRelay } from "../../model/contract/platform";

/** Name of the Secret, in the tenant's namespace, that holds its relay account's password. */
export const MAIL_ACCOUNT_SECRET = "mail-account";

/** The tenant's account name on the relay, and the only sender address it may use. */
export function mailAddress(relay: Pick<MailRelay, "senderDomain">, tenantId: string): string {
  return `${tenantId}@${relay.senderDomain}`;
}

/**
 * The tenant's own account on the fleet's relay: a password generated for this tenant alone,
 * which its apps and realm send with. No tenant holds another's, nor the collective's relay
 * password (jardin never has it). The relay must let the account send as its own address only
 * (README, "Mail per tenant"); a gardener makes the account there with this password.
 */
export function tenantMailAccount(parent: pulumi.Resource, name: string, relay: MailRelay, tenantId: string): MailAccount {
  const password = new random.RandomPassword(`${name}-mail-password`, { length: 40, special: false }, { parent });
  const address = mailAddress(relay, tenantId);
  return { host: relay.host, port: relay.port, username: address, from: address, password: pulumi.secret(password.result) };
}

/**
 * The account's password in the tenant's namespace, where a gardener reads it to make the
 * account at the relay (`kubectl -n <tenant> get secret mail-account`): it is the tenant's own.
 */
export function mailAccountSecret(
  parent: pulumi.Resource,
  name: string,
  account: MailAccount,
  args: { readonly namespace: pulumi.Input<string>; readonly labels: Readonly<Record<string, string>>; readonly provider: k8s.Provider },
): k8s.core.v1.Secret {
  return new k8s.core.v1.Secret(
    `${name}-mail-account`,
    {
      metadata: { name: MAIL_ACCOUNT_SECRET, namespace: args.namespace, labels: { ...args.labels } },
      type: "Opaque",
      stringData: { username: account.username, password: account.password },
    },
    { parent, provider: args.provider },
  );
}
