/**
 * One spelling for "unknown": absent.
 *
 * Today the API leaves an unknown optional field out of the JSON (`current_period_end` of a free user, `remaining`
 * when unlimited); the coming contract sends every documented field, `null` when unknown. The UI should not care
 * which, so the service wrappers pass each response body through here and the components only ever see an absent
 * field — whichever way the server (or the regenerated client's types) spells it.
 *
 * Shallow on purpose: today's optional fields are all top-level. A nested object with nullable fields gets its own
 * call where it is unwrapped.
 */

/** The keys of `T` whose value may be `null`. */
type NullableKeys<T> = { [K in keyof T]-?: null extends T[K] ? K : never }[keyof T]

/** `T` with every nullable field turned into an optional, non-null one. */
export type NullsAsAbsent<T> = Omit<T, NullableKeys<T>> & { [K in NullableKeys<T>]?: Exclude<T[K], null> }

export function nullsAsAbsent<T extends object>(body: T): NullsAsAbsent<T> {
  return Object.fromEntries(Object.entries(body).filter(([, value]) => value !== null)) as NullsAsAbsent<T>
}
