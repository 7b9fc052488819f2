/**
 * Pods of a tenant's export Jobs (`npm run export`) run under this class. A suspended or archived
 * tenant's lifecycle quota counts every pod but these, so its data can still leave.
 */
export const EXPORT_PRIORITY_CLASS = "jardin-export";
