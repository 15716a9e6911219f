/**
 * Personal free text (a report's narrative), encrypted with a person's key before it reaches the
 * domain: deciders store it and pass it on, never open it, so erasing the key erases the text in
 * every event (decision 0008). A type alias so event data holding it stays JSON-assignable.
 */
export type Sealed = { v: 1; iv: string; ct: string; tag: string };
