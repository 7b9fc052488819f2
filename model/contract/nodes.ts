/**
 * Nodes of a dedicated pool carry this label and a NoSchedule taint with the tenant id as value
 * (components/hetzner/ labels the servers, components/cluster/ registers the node with both), so
 * only that tenant's pods land there, and they land nowhere else.
 */
export const TENANT_NODE_KEY = "jardin/tenant";
