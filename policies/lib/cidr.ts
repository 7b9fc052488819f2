/**
 * Just enough CIDR arithmetic for NetworkPolicy ipBlocks: parse IPv4 and IPv6 blocks, and tell
 * whether one holds another. Two CIDR blocks are either disjoint or one holds the other.
 */
export interface Cidr {
  readonly family: 4 | 6;
  /** The block's first address, as a number of 32 or 128 bits. */
  readonly base: bigint;
  readonly prefix: number;
}

const BITS = { 4: 32, 6: 128 } as const;

function ipv4(text: string): bigint | undefined {
  const parts = text.split(".");
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return undefined;
  return parts.reduce((n, p) => (n << 8n) + BigInt(p), 0n);
}

function ipv6(text: string): bigint | undefined {
  const halves = text.split("::");
  if (halves.length > 2) return undefined;
  const groups = (half: string) => (half === "" ? [] : half.split(":"));
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  const missing = 8 - head.length - tail.length;
  if ((halves.length === 1 && missing !== 0) || missing < 0) return undefined;
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...tail];
  if (all.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  return all.reduce((n, g) => (n << 16n) + BigInt(parseInt(g, 16)), 0n);
}

/** `10.0.0.0/8`, `2001:db8::/32`; undefined for anything else. */
export function parseCidr(text: string): Cidr | undefined {
  const [address, prefixText, extra] = text.split("/");
  if (address === undefined || prefixText === undefined || extra !== undefined || !/^\d{1,3}$/.test(prefixText)) return undefined;
  const family = address.includes(":") ? 6 : 4;
  const value = family === 4 ? ipv4(address) : ipv6(address);
  const prefix = Number(prefixText);
  if (value === undefined || prefix > BITS[family]) return undefined;
  const host = BITS[family] - prefix;
  return { family, base: (value >> BigInt(host)) << BigInt(host), prefix };
}

/** Does `outer` hold every address of `inner`? */
export function holds(outer: Cidr, inner: Cidr): boolean {
  if (outer.family !== inner.family || outer.prefix > inner.prefix) return false;
  const host = BigInt(BITS[outer.family] - outer.prefix);
  return inner.base >> host === outer.base >> host;
}

/**
 * Does the ipBlock `cidr` minus `except` reach any address of `target`? Conservative: a target
 * carved out only by several smaller exceptions together counts as reached.
 */
export function reaches(block: Cidr, except: readonly Cidr[], target: Cidr): boolean {
  // Blocks are nested or disjoint: their overlap is the smaller one, if any.
  const overlap = holds(block, target) ? target : holds(target, block) ? block : undefined;
  if (overlap === undefined) return false;
  return !except.some((e) => holds(e, overlap));
}
