import { parse } from "yaml";
import { LABELS } from "../../../model/contract/tenant-labels";
import { MATRIX_SERVER_NAME_ANNOTATION } from "../../../model/matrix";
import { PlanError } from "../plan-error";
import type { SnapshotResource } from "../snapshot";
import { refused, type GateContext, type GateFinding } from "./finding";
import { inputAt, isRecord } from "./inputs";

/**
 * The Matrix server name is in every account and room id: it never changes. Every server name a
 * plan deploys (the Synapse workload's annotation, `server_name` in Synapse's homeserver.yaml and
 * in Element's config) is held against every value the history holds: the same resource in the
 * base, the fleet's record in the base (which outlives archived tenants' files) and in the head.
 * The record itself only grows.
 */
export function matrixServerNameFindings({ base, diffs, head }: GateContext): GateFinding[] {
  const baseRecord = base.matrixServerNames ?? {};
  const headRecord = head.matrixServerNames ?? {};
  const deployed = diffs.flatMap((diff) => [
    ...diff.added.map((resource) => ({ diff, resource, before: undefined })),
    ...diff.changed.map(({ resource, before }) => ({ diff, resource, before })),
  ]);
  const findings = deployed.flatMap(({ diff, resource, before }) =>
    serverNamesIn(resource).flatMap(({ tenant, name, where }): GateFinding[] => {
      const history = [
        ...(before === undefined ? [] : serverNamesIn(before).filter((b) => b.where === where).map((b) => ({ name: b.name, from: "the base" }))),
        ...(baseRecord[tenant] === undefined ? [] : [{ name: baseRecord[tenant], from: "the base's fleet record (matrixServerNames)" }]),
        ...(headRecord[tenant] === undefined ? [] : [{ name: headRecord[tenant], from: "the fleet record (matrixServerNames)" }]),
      ];
      const other = history.find((h) => h.name !== name);
      if (other !== undefined) {
        return [
          refused(
            diff.owner,
            resource,
            `changes the Matrix server name (${where}) from "${other.name}", as ${other.from} holds it, to "${name}": every account and room id carries the old one`,
            `set apps.matrix.serverName: "${other.name}" back in tenants/${tenant}.ts; a new name is a new Matrix server, its members starting over`,
          ),
        ];
      }
      if (history.length > 0) return [];
      return [
        refused(
          diff.owner,
          resource,
          `serves the Matrix server name "${name}", which the fleet's record does not hold`,
          `record it in the fleet file: matrixServerNames: { "${tenant}": "${name}" } (the record outlives the tenant file, so the name can never change)`,
        ),
      ];
    }),
  );
  const recordChanges = Object.entries(baseRecord)
    .filter(([tenant, name]) => headRecord[tenant] !== name)
    .map(([tenant, name]) =>
      refused(
        { kind: "fleet" },
        { urn: `matrixServerNames.${tenant}`, type: "fleet record", name: `matrixServerNames.${tenant}` },
        `${headRecord[tenant] === undefined ? "is removed" : `changes to "${headRecord[tenant]}"`}: the record holds "${name}", the Matrix server name of "${tenant}" for good`,
        `put matrixServerNames: { "${tenant}": "${name}" } back in the fleet file; the record only grows`,
      ),
    );
  return [...recordChanges, ...findings];
}

/** The Matrix server names a resource carries, by tenant, with where. */
export function serverNamesIn(resource: SnapshotResource): { tenant: string; name: string; where: string }[] {
  const tenant = inputAt(resource, "metadata.labels");
  const id = isRecord(tenant) ? tenant[LABELS.tenant] : undefined;
  if (typeof id !== "string") return [];
  const found: { tenant: string; name: string; where: string }[] = [];
  const annotations = inputAt(resource, "metadata.annotations");
  if (isRecord(annotations) && typeof annotations[MATRIX_SERVER_NAME_ANNOTATION] === "string") {
    found.push({ tenant: id, name: annotations[MATRIX_SERVER_NAME_ANNOTATION], where: `annotation ${MATRIX_SERVER_NAME_ANNOTATION}` });
  }
  const data = inputAt(resource, "data");
  if (resource.type === "kubernetes:core/v1:ConfigMap" && isRecord(data)) {
    // https://element-hq.github.io/synapse/latest/usage/configuration/config_documentation.html#server_name
    const synapse = parsed(resource, data, "homeserver.yaml");
    if (isRecord(synapse) && typeof synapse["server_name"] === "string") found.push({ tenant: id, name: synapse["server_name"], where: "homeserver.yaml server_name" });
    // https://github.com/element-hq/element-web/blob/develop/docs/config.md (default_server_config)
    const element = parsed(resource, data, "config.json");
    const homeserver = isRecord(element) ? inputAt({ inputs: element }, "default_server_config") : undefined;
    const serverName = isRecord(homeserver) && isRecord(homeserver["m.homeserver"]) ? homeserver["m.homeserver"]["server_name"] : undefined;
    if (typeof serverName === "string") found.push({ tenant: id, name: serverName, where: "Element's config.json server_name" });
  }
  return found;
}

function parsed(resource: SnapshotResource, data: Record<string, unknown>, key: string): unknown {
  const text = data[key];
  if (typeof text !== "string") return undefined;
  try {
    return parse(text) as unknown;
  } catch (error) {
    // Synapse and Element would not start either: say which file, rather than skip the check.
    throw new PlanError(`${resource.type} ${resource.name}: data.${key} is neither YAML nor JSON (${error instanceof Error ? error.message : String(error)})`);
  }
}
