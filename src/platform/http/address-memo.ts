/** How many addresses a per-address answer is kept for; then all are forgotten at once, so a peer of many addresses cannot grow it. */
export const ADDRESS_MEMO_LIMIT = 1024;

/**
 * `answer`, remembered per peer address: for the checks made on every request against a list of
 * networks (trusted proxies, named rate-limit networks), which parse the address anew each time
 * although nearly all requests come from the same few peers.
 */
export function perAddress<T>(answer: (address: string) => T): (address: string) => T {
  const known = new Map<string, T>();
  return (address) => {
    if (known.has(address)) return known.get(address)!;
    const value = answer(address);
    if (known.size >= ADDRESS_MEMO_LIMIT) known.clear();
    known.set(address, value);
    return value;
  };
}
