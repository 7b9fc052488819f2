import { asRecord, isRecord } from "./kubernetes";

/**
 * Owncast keeps its output variants in its database, set through its admin API: POST
 * `/api/admin/config/video/streamoutputvariants` with `{"value": [{ "scaledHeight", "videoPassthrough", ... }]}`.
 * The program hands them over from a ConfigMap (a Job posts its JSON), the only place a policy can
 * see them. https://github.com/owncast/owncast/blob/develop/router/router.go (SetStreamOutputVariants)
 */
export const OWNCAST_IMAGE = "owncast/owncast";

export interface VariantDocument {
  /** The ConfigMap's data key. */
  readonly key: string;
  /** The output variants found in it; undefined when it mentions variants but is not JSON. */
  readonly variants: readonly Record<string, unknown>[] | undefined;
}

/** Every data entry of a ConfigMap that holds Owncast output variants. */
export function owncastVariantDocuments(configMapProps: Readonly<Record<string, unknown>>): VariantDocument[] {
  const documents: VariantDocument[] = [];
  for (const [key, text] of Object.entries(asRecord(configMapProps["data"]))) {
    if (typeof text !== "string" || !/scaledHeight|videoPassthrough/.test(text)) continue;
    try {
      documents.push({ key, variants: outputVariants(JSON.parse(text)) });
    } catch {
      documents.push({ key, variants: undefined });
    }
  }
  return documents;
}

/** Objects that look like Owncast output variants, wherever they sit in a document. */
function outputVariants(document: unknown): Record<string, unknown>[] {
  if (Array.isArray(document)) return document.flatMap(outputVariants);
  if (!isRecord(document)) return [];
  const isVariant = ["scaledHeight", "videoPassthrough", "videoBitrate", "framerate"].some((key) => key in document);
  return isVariant ? [document] : Object.values(document).flatMap(outputVariants);
}
