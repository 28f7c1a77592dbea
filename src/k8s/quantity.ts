/** Kubernetes quantities compared and added exactly (500m < 1, 512Mi < 1Gi), as fractions of big integers. */
const SUFFIX: Readonly<Record<string, [bigint, bigint]>> = {
  '': [1n, 1n],
  m: [1n, 1000n],
  k: [1000n, 1n],
  M: [10n ** 6n, 1n],
  G: [10n ** 9n, 1n],
  T: [10n ** 12n, 1n],
  P: [10n ** 15n, 1n],
  E: [10n ** 18n, 1n],
  Ki: [1n << 10n, 1n],
  Mi: [1n << 20n, 1n],
  Gi: [1n << 30n, 1n],
  Ti: [1n << 40n, 1n],
  Pi: [1n << 50n, 1n],
  Ei: [1n << 60n, 1n],
};

export interface Quantity {
  num: bigint;
  den: bigint;
}

export function parseQuantity(v: string | number): Quantity | undefined {
  const m = /^\+?([0-9]+)(?:\.([0-9]*))?(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/.exec(String(v));
  if (!m) return undefined;
  const frac = m[2] ?? '';
  const [mul, div] = SUFFIX[m[3] ?? '']!;
  return { num: BigInt(m[1]! + frac) * mul, den: 10n ** BigInt(frac.length) * div };
}

/** Negative when a < b, 0 when equal, positive when a > b. */
export function compareQuantity(a: Quantity, b: Quantity): number {
  const l = a.num * b.den;
  const r = b.num * a.den;
  return l < r ? -1 : l > r ? 1 : 0;
}

/** The sum of whole-byte quantities (storage sizes), written in the largest binary unit that divides it. */
export function sumBytes(values: readonly (string | number)[]): string {
  let bytes = 0n;
  for (const v of values) {
    const q = parseQuantity(v);
    if (!q) throw new Error(`not a quantity: ${v}`);
    // Round a fractional byte up: a limit may be a little larger than asked, never smaller.
    bytes += (q.num + q.den - 1n) / q.den;
  }
  for (const unit of ['Ti', 'Gi', 'Mi', 'Ki'] as const) {
    const size = SUFFIX[unit]![0];
    if (bytes > 0n && bytes % size === 0n) return `${bytes / size}${unit}`;
  }
  return String(bytes);
}
