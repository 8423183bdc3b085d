/**
 * Kubernetes resource quantities ("250m", "1", "12345n", "64Mi", "1Gi", "1e3"), as the API
 * server and metrics-server write them. Values are computed from the decimal mantissa and a
 * power of ten (or of 1024), never through an intermediate float in base units, so
 * "12345n" in millicores is 0.012345 and not 0.012345000000000001.
 */

const DECIMAL_EXPONENTS: Readonly<Record<string, number>> = {
  n: -9,
  u: -6,
  m: -3,
  '': 0,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};

const BINARY_POWERS: Readonly<Record<string, number>> = { Ki: 1, Mi: 2, Gi: 3, Ti: 4, Pi: 5, Ei: 6 };

const QUANTITY = /^([+-]?(?:\d+\.?\d*|\.\d+))(Ki|Mi|Gi|Ti|Pi|Ei|[eE][+-]?\d+|[numkMGTPE]?)$/;

/** `mantissa × 10^exp`, dividing for negative exponents so decimal fractions stay exact. */
function scaleByPowerOfTen(mantissa: number, exp: number): number {
  return exp >= 0 ? mantissa * 10 ** exp : mantissa / 10 ** -exp;
}

/**
 * The value of `text` in base units times 10^`scale` (scale 3: millicores from cores).
 * Throws an Error naming the text when it is not a quantity.
 */
export function parseQuantity(text: string, scale = 0): number {
  const plain = plainQuantity(text, scale);
  if (plain !== undefined) return plain;
  const match = QUANTITY.exec(text.trim());
  if (!match) throw new Error(`not a Kubernetes quantity: ${JSON.stringify(text.slice(0, 40))}`);
  const [, number = '', suffix = ''] = match;
  const mantissa = Number(number);
  const binary = BINARY_POWERS[suffix];
  if (binary !== undefined) return scaleByPowerOfTen(mantissa * 1024 ** binary, scale);
  const exp = suffix.startsWith('e') || suffix.startsWith('E') ? Number(suffix.slice(1)) : DECIMAL_EXPONENTS[suffix]!;
  return scaleByPowerOfTen(mantissa, exp + scale);
}

const ZERO = 48;
const NINE = 57;

/**
 * Digits and at most a two-letter suffix ("12345n", "1024Ki", "250m"), the forms metrics-server
 * writes 20,000 times per poll of a large cluster, without the regular expression; anything
 * else is left to it. Same arithmetic, so the same value.
 */
function plainQuantity(text: string, scale: number): number | undefined {
  let digits = 0;
  while (digits < text.length) {
    const code = text.charCodeAt(digits);
    if (code < ZERO || code > NINE) break;
    digits += 1;
  }
  if (digits === 0 || text.length - digits > 2) return undefined;
  const suffix = digits === text.length ? '' : text.slice(digits);
  const mantissa = Number(suffix ? text.slice(0, digits) : text);
  const binary = BINARY_POWERS[suffix];
  if (binary !== undefined) return scaleByPowerOfTen(mantissa * 1024 ** binary, scale);
  const exp = DECIMAL_EXPONENTS[suffix];
  return exp === undefined ? undefined : scaleByPowerOfTen(mantissa, exp + scale);
}

/** CPU quantity → millicores ("250m" → 250, "1" → 1000, "12345n" → 0.012345). */
export function cpuMillicores(text: string): number {
  return parseQuantity(text, 3);
}

/** Memory quantity → bytes ("64Mi" → 67108864, "1G" → 1e9). */
export function memoryBytes(text: string): number {
  return parseQuantity(text);
}
