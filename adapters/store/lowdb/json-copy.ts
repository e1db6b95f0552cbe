/**
 * What `JSON.parse(JSON.stringify(value))` returns, made without the text:
 * the same keys in the same order, `toJSON` called (dates become strings),
 * `undefined` and functions left out of objects and `null` in arrays,
 * numbers that JSON cannot hold as `null`, -0 as 0. Strings are shared
 * rather than copied (they cannot change), which is where the time goes:
 * parsing a tick's 40 reminder deliveries back took 2-3x as long as this
 * walk, and allocated every string again.
 *
 * The caller serialises the same value first (for the journal), so values
 * JSON refuses (cycles, BigInt) have already thrown before this runs.
 */
export function jsonCopy<T>(value: T): T {
  return copyValue('', value) as T;
}

/** `key`: the property name, or an array index (made a string only for a `toJSON`). */
function copyValue(key: string | number, input: unknown): unknown {
  let value = input;
  if (typeof value === 'object' && value !== null) {
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') value = toJSON.call(value, String(key));
  }
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      // `+ 0` turns -0 into 0, as the text "0" does.
      return Number.isFinite(value) ? value + 0 : null;
    case 'object':
      if (value === null) return null;
      if (Array.isArray(value)) return copyArray(value);
      if (value instanceof Number || value instanceof String || value instanceof Boolean)
        return copyValue(key, value.valueOf());
      return copyObject(value as Record<string, unknown>);
    default:
      // undefined, functions and symbols: left out (in an array, null).
      return undefined;
  }
}

function copyArray(value: readonly unknown[]): unknown[] {
  const out = new Array<unknown>(value.length);
  for (let i = 0; i < value.length; i++) {
    const c = copyValue(i, value[i]);
    out[i] = c === undefined ? null : c;
  }
  return out;
}

function copyObject(value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const keys = Object.keys(value);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i] as string;
    const c = copyValue(k, value[k]);
    if (c === undefined) continue;
    // JSON.parse makes "__proto__" an own property; an assignment would set the prototype.
    if (k === '__proto__')
      Object.defineProperty(out, k, { value: c, enumerable: true, writable: true, configurable: true });
    else out[k] = c;
  }
  return out;
}
