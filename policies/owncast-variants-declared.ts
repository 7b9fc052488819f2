import type { StackValidationPolicy } from "@pulumi/policy";
import { isImageOf } from "./lib/images";
import { containersOf, describeObject, metadataOf, podSpecOf } from "./lib/kubernetes";
import { OWNCAST_IMAGE, owncastVariantDocuments } from "./lib/owncast";
import { clusterOf } from "./lib/stack";

/**
 * Owncast's default output variant keeps the input's resolution, and its variants live in its
 * database: an Owncast the program runs must come with the ConfigMap of variants it hands to the
 * admin API, so that video-720p can check their height. A missing cap is a violation.
 */
export const owncastVariantsDeclared: StackValidationPolicy = {
  name: "owncast-variants-declared",
  description:
    "Every workload running Owncast's image has, in its namespace on the same cluster, a ConfigMap holding the output variants the program posts to Owncast's admin API (video-720p checks their height); variants set by hand in Owncast's admin page are not visible.",
  validateStack: (args, reportViolation) => {
    const variantMaps = args.resources.filter(
      (r) => r.type === "kubernetes:core/v1:ConfigMap" && owncastVariantDocuments(r.props).some((d) => d.variants !== undefined && d.variants.length > 0),
    );
    for (const resource of args.resources) {
      const pod = podSpecOf(resource.type, resource.props);
      if (pod === undefined || !containersOf(pod.spec).some((ref) => isImageOf(ref.container["image"], OWNCAST_IMAGE))) continue;
      const namespace = metadataOf(resource.props).namespace;
      const declared = variantMaps.some((m) => metadataOf(m.props).namespace === namespace && clusterOf(m) === clusterOf(resource));
      if (!declared) {
        reportViolation(
          `${describeObject(resource.type, resource.props, resource.name)} runs Owncast, but no ConfigMap in its namespace declares its output variants (Owncast's default keeps the input's resolution); add one with the JSON the program posts to /api/admin/config/video/streamoutputvariants, each variant with scaledHeight: 720 or lower`,
          resource.urn,
        );
      }
    }
  },
};
