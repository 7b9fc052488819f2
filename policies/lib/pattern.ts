/**
 * An allow-list pattern: a Kubernetes name where `*` stands for any run of characters, so that one
 * entry can name the same workload in every tenant (`*-office`).
 */
export function matchesPattern(pattern: string, value: string | undefined): boolean {
  if (value === undefined) return false;
  const regex = pattern.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*");
  return new RegExp(`^${regex}$`).test(value);
}
