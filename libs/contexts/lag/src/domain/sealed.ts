/**
 * Personal free text (an incident summary, meeting notes, an action's description), encrypted
 * with the person's key before it reaches the domain. Deciders store it and pass it on; they never
 * open or inspect it, so erasing the key (crypto-shredding) erases the text in every event.
 *
 * Same shape as the privacy library's `Sealed`, declared as a type alias rather than an interface
 * so that event data holding it stays assignable to the event store's JSON object type.
 */
export type Sealed = { v: 1; iv: string; ct: string; tag: string };
