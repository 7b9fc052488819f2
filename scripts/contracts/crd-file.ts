import { parseAllDocuments } from "yaml";
import type { Crd } from "../../components/platform/crd-manifest";

/** A line that is nothing but a Helm action (`{{- if .Values.crds.create }}`, `{{- include ... | nindent 4 }}`). */
const ACTION_LINE = /^\s*\{\{-?[\s\S]*?-?\}\}\s*$/;

/**
 * The CRDs of one file. Charts that install their CRDs from templates wrap them in Helm actions on
 * lines of their own (a condition around the file, labels or a keep annotation): those lines are
 * dropped. An action inside a line would change what the CRD says, so it is refused.
 */
export function parseCrdFile(text: string, source: string): Crd[] {
  const lines = text.split("\n").filter((line) => !ACTION_LINE.test(line));
  const inline = lines.findIndex((line) => line.includes("{{"));
  if (inline >= 0) throw new Error(`${source}: a Helm action inside a line (${lines[inline]!.trim()}): the CRD cannot be read without rendering the chart`);
  const crds: Crd[] = [];
  for (const document of parseAllDocuments(lines.join("\n"))) {
    if (document.errors.length > 0) throw new Error(`${source}: ${document.errors[0]!.message}`);
    const value = document.toJS() as Partial<Crd> | null;
    if (value === null) continue;
    if (value.kind !== "CustomResourceDefinition" || value.apiVersion !== "apiextensions.k8s.io/v1") {
      throw new Error(`${source}: expected apiextensions.k8s.io/v1 CustomResourceDefinitions, found ${value.apiVersion} ${value.kind}`);
    }
    crds.push(value as Crd);
  }
  return crds;
}
