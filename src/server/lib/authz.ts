import { errors } from './errors.ts';

/** Who is acting: the user and the session their access token belongs to. */
export interface Actor {
  userId: string;
  sessionId: string;
}

/** An actor read from a valid access token, with the token's expiry (sockets outlive requests). */
export interface VerifiedActor extends Actor {
  expiresAt: Date;
}

/** Ownership check for services: only the owner may act on the resource. */
export function assertOwner(actor: Actor, ownerId: string, message?: string): void {
  if (actor.userId !== ownerId) throw errors.forbidden(message);
}
