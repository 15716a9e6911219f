/**
 * Personal free text (what an agency supplied, the panel's findings, a recommendation), encrypted
 * with the victim's key before it reaches the domain (or, for a business or community group with
 * no victim registered, with a key of the review itself). Deciders store it and never open it.
 * A type alias, so event data holding it stays assignable to the event store's JSON object type.
 */
export type Sealed = { v: 1; iv: string; ct: string; tag: string };

/**
 * An interface type as a plain object type: event data must be assignable to the event store's
 * JSON object type, which interfaces (having no index signature) are not.
 */
export type Plain<T> = T extends object ? { [K in keyof T]: Plain<T[K]> } : T;
