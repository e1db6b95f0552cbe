import type { Store } from './store.js';

/**
 * The store with its `commit` replaced and every other method its own: how
 * the journey recorder and the outbox's signal sit in front of every write.
 * A proxy rather than a copy of each method: a method the contract gains
 * later is passed through as it is. Methods are bound once each, not on
 * every call: the scheduler calls the store thousands of times a tick.
 */
export function withCommit(store: Store, commit: Store['commit']): Store {
  const bound = new WeakMap<object, unknown>();
  // A caller that replaces `commit` on the wrapper (a fault-injecting test) replaces the wrapper's own:
  // set on the store underneath, it would be called by the wrapper, which its replacement calls.
  let current = commit;
  return new Proxy(store, {
    set(target, prop, value) {
      if (prop === 'commit') current = value as Store['commit'];
      else Reflect.set(target, prop, value);
      return true;
    },
    get(target, prop) {
      if (prop === 'commit') return current;
      const value: unknown = Reflect.get(target, prop);
      if (typeof value !== 'function') return value;
      let fn = bound.get(value);
      if (!fn) {
        fn = value.bind(target);
        bound.set(value, fn);
      }
      return fn;
    },
  });
}
