/**
 * Serdes that bring class instances (and their `Date` fields) back after a JSON round trip.
 */
import type { Serdes } from './serdes.js';

/**
 * JSON out; JSON in, assigned onto `new cls()` so methods and `instanceof` work again.
 * The class needs a constructor callable without arguments.
 *
 * @example
 * ```ts
 * class User { name = ''; greet() { return `hi ${this.name}`; } }
 * const user = await context.step('load', loadUser, { serdes: createClassSerdes(User) });
 * user.greet();
 * ```
 */
export function createClassSerdes<T extends object>(cls: new () => T): Serdes<T> {
  requireClass('createClassSerdes', cls);
  return {
    serialize: async (value) => (value === undefined ? undefined : JSON.stringify(value)),
    deserialize: async (data) => (data === undefined ? undefined : assignOwn(new cls(), JSON.parse(data))),
  };
}

/**
 * Like {@link createClassSerdes}, and turns the listed properties (dot paths for nested ones)
 * back into `Date`s. Missing or `null` properties are left alone; a value that is not a valid
 * date fails with an error naming the property rather than becoming an `Invalid Date`.
 *
 * @example
 * ```ts
 * class Order { id = ''; createdAt = new Date(); shipping = { eta: new Date() }; }
 * const serdes = createClassSerdesWithDates(Order, ['createdAt', 'shipping.eta']);
 * const order = await context.step('load', loadOrder, { serdes });
 * order.shipping.eta.getTime();
 * ```
 */
export function createClassSerdesWithDates<T extends object>(cls: new () => T, dateProps: string[]): Serdes<T> {
  requireClass('createClassSerdesWithDates', cls);
  if (!Array.isArray(dateProps) || !dateProps.every((p) => typeof p === 'string' && p.length > 0)) {
    throw new TypeError('createClassSerdesWithDates: dateProps must be an array of property paths such as ["createdAt", "meta.updatedAt"]');
  }
  const paths = dateProps.map((p) => p.split('.'));
  return {
    serialize: async (value) => (value === undefined ? undefined : JSON.stringify(value)),
    deserialize: async (data) => {
      if (data === undefined) return undefined;
      const instance = assignOwn(new cls(), JSON.parse(data));
      for (const path of paths) reviveDate(instance, path);
      return instance;
    },
  };
}

/**
 * `Object.assign` for parsed JSON, except that a `"__proto__"` key becomes an own data property
 * instead of replacing the instance's prototype (JSON.parse makes it an own key; assignment would
 * run the `__proto__` setter).
 */
function assignOwn<T extends object>(instance: T, parsed: unknown): T {
  if (typeof parsed !== 'object' || parsed === null) return Object.assign(instance, parsed);
  for (const key of Object.keys(parsed)) {
    const value = (parsed as Record<string, unknown>)[key];
    if (key === '__proto__') Object.defineProperty(instance, key, { value, enumerable: true, writable: true, configurable: true });
    else (instance as Record<string, unknown>)[key] = value;
  }
  return instance;
}

function requireClass(factory: string, cls: unknown): void {
  if (typeof cls !== 'function') throw new TypeError(`${factory}: expected a class, got ${typeof cls}`);
}

/** Replaces the value at `path` with a Date, when the whole path exists. */
function reviveDate(root: object, path: string[]): void {
  let holder: unknown = root;
  for (const key of path.slice(0, -1)) {
    if (typeof holder !== 'object' || holder === null) return;
    holder = (holder as Record<string, unknown>)[key];
  }
  const last = path[path.length - 1];
  if (typeof holder !== 'object' || holder === null || last === undefined) return;
  const record = holder as Record<string, unknown>;
  const raw = record[last];
  if (raw === undefined || raw === null) return;
  const date = typeof raw === 'string' || typeof raw === 'number' ? new Date(raw) : undefined;
  if (date === undefined || Number.isNaN(date.getTime())) {
    throw new TypeError(`createClassSerdesWithDates: property "${path.join('.')}" holds ${JSON.stringify(raw)}, which is not a date`);
  }
  record[last] = date;
}
