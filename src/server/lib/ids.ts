import { v7 as uuidv7, validate, version } from 'uuid';

/** Time-ordered UUIDv7: sorts by creation, which keeps primary-key inserts local in the index. */
export function newId(): string {
  return uuidv7();
}

export function isUuid(value: string): boolean {
  return validate(value) && version(value) <= 8;
}
