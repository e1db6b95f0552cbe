/**
 * A value of a config record by a key someone typed or sent. Records parsed
 * from YAML are plain objects: `cfg.people['constructor']` would be
 * Object's constructor, so a key counts only when the record itself has it.
 */
export function ownValue<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
