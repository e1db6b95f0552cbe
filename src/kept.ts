/**
 * `map`'s value for `key`, made and kept on first use; the map starts over past `max` entries.
 * For the caches of words, formats and options that hot paths ask for again and again: bounded,
 * because their keys come from config and data.
 */
export function kept<K, V>(map: Map<K, V>, key: K, max: number, make: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = make();
    if (map.size >= max) map.clear();
    map.set(key, value);
  }
  return value;
}
