import type { en } from './en.ts';

/** The shape every language's catalogue has: en.ts's keys, any strings. */
type Strings<T> = { [K in keyof T]: T[K] extends string ? string : Strings<T[K]> };
export type Catalogue = Strings<typeof en>;
