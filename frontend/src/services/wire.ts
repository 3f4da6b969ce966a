/**
 * The generated types mark a server-side `Option` field as optional, but the server (poem-openapi) writes an
 * absent value as `null`, not by leaving the key out. `Wire<T>` states what really arrives, so the compiler makes
 * the UI handle `null` wherever the spec says "may be missing".
 */
export type Wire<T> = { [K in keyof T]: undefined extends T[K] ? T[K] | null : T[K] }
