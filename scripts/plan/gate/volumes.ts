import type { ChangedResource, OwnerDiff } from "../diff";
import { refused, type GateContext, type GateFinding } from "./finding";
import { inputString } from "./inputs";

const CLAIM = "kubernetes:core/v1:PersistentVolumeClaim";
const DATABASE = "kubernetes:postgresql.cnpg.io/v1:Cluster";

/**
 * Shrinks and re-initialisations: a claim or a database volume made smaller (the API refuses it,
 * so the apply fails halfway), and a database's bootstrap names changed (initdb runs once: the
 * apps would point at a database or owner that does not exist). None can be declared.
 */
export function volumeFindings({ diffs }: GateContext): GateFinding[] {
  return diffs.flatMap((diff) => diff.changed.flatMap((change) => changeFindings(diff, change)));
}

function changeFindings(diff: OwnerDiff, change: ChangedResource): GateFinding[] {
  const shrink = (path: string, what: string) => {
    const [before, after] = [change.before, change.resource].map((r) => inputString(r, path));
    const [bytesBefore, bytesAfter] = [before, after].map(quantityBytes);
    if (bytesBefore === undefined || bytesAfter === undefined || bytesAfter >= bytesBefore) return [];
    return [
      refused(
        diff.owner,
        change.resource,
        `shrinks ${what} from ${before} to ${after}: Kubernetes never shrinks a volume, so the apply fails halfway`,
        `put ${before} back; to make a volume smaller, restore its data into a new, smaller one and switch the app to it`,
      ),
    ];
  };
  const renamed = (path: string, what: string) => {
    const [before, after] = [change.before, change.resource].map((r) => inputString(r, path));
    if (before === undefined || before === after) return [];
    return [
      refused(
        diff.owner,
        change.resource,
        `changes ${what} from "${before}" to "${after ?? "nothing"}": initdb ran once, so the app would connect to a database that does not exist`,
        `put "${before}" back; a database is renamed inside PostgreSQL, never here`,
      ),
    ];
  };
  switch (change.resource.type) {
    case CLAIM:
      return shrink("spec.resources.requests.storage", "the claim");
    case DATABASE:
      // https://cloudnative-pg.io/documentation/current/cloudnative-pg.v1/#postgresql-cnpg-io-v1-BootstrapInitDB
      return [
        ...shrink("spec.storage.size", "the database's volume"),
        ...shrink("spec.walStorage.size", "the database's WAL volume"),
        ...renamed("spec.bootstrap.initdb.database", "the database's initdb name"),
        ...renamed("spec.bootstrap.initdb.owner", "the database's initdb owner"),
      ];
    default:
      return [];
  }
}

const UNITS: Readonly<Record<string, number>> = { "": 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50 };

/** A Kubernetes quantity (`20Gi`, `500M`) in bytes. https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/quantity/ */
export function quantityBytes(quantity: string | undefined): number | undefined {
  const match = /^(\d+(?:\.\d+)?)(|k|M|G|T|P|Ki|Mi|Gi|Ti|Pi)$/.exec(quantity ?? "");
  return match === null ? undefined : Number(match[1]) * UNITS[match[2]!]!;
}
