/**
 * Personal free text (an order's conditions, what happened at a breach), encrypted with the
 * person's key before it reaches the domain: deciders store it and pass it on, never open it, so
 * erasing the key erases the text in every event (decision 0008).
 */
export type Sealed = { v: 1; iv: string; ct: string; tag: string };
