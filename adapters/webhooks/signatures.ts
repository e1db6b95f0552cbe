import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export function hmacSha256(secret: string, data: string | Buffer): Buffer {
  return createHmac('sha256', secret).update(data).digest();
}

/**
 * Compares a digest with what a sender wrote, in constant time. The text is
 * decoded first, so a signature of the wrong length or encoding is simply
 * unequal (timingSafeEqual would throw on different lengths).
 */
export function digestEquals(expected: Buffer, given: string, encoding: 'hex' | 'base64'): boolean {
  const text = given.trim();
  const valid = encoding === 'hex' ? /^[0-9a-fA-F]+$/.test(text) : /^[A-Za-z0-9+/]+={0,2}$/.test(text);
  if (!valid) return false;
  const bytes = Buffer.from(text, encoding);
  return bytes.length === expected.length && timingSafeEqual(bytes, expected);
}

/**
 * Compares two secrets in constant time whatever their lengths: both are
 * hashed first, so neither the length nor a common prefix leaks.
 */
export function secretEquals(expected: string, given: string): boolean {
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(given).digest();
  return timingSafeEqual(a, b) && expected.length === given.length;
}

/** A header's value as one string (the first, when a proxy repeated it). */
export function header(
  headers: Record<string, string | string[] | undefined>,
  name: string,
): string | undefined {
  const v = headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}
