import { createHmac, timingSafeEqual } from 'node:crypto';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const signatureOf = (secret: string, invitationId: string): string => createHmac('sha256', secret).update(`event-invitation:${invitationId}`).digest('base64url').slice(0, 32);

/**
 * What claims an event invitation: `<invitation id>.<HMAC>`, mailed to the invited address (and in the
 * organizers' list, to pass on by hand). Holding it proves the invited mailbox was reached; an account
 * with the same address proves nothing, since signing up does not check the address. Single use: the
 * invitation records the participant it became.
 */
export const eventInvitationToken = (secret: string, invitationId: string): string => `${invitationId}.${signatureOf(secret, invitationId)}`;

/** The invitation a token names, or null for anything not issued under this secret. */
export function invitationIdOf(secret: string, token: string): string | null {
  const [id, signature, ...rest] = token.split('.');
  if (!id || !signature || rest.length || !UUID.test(id)) return null;
  const expected = Buffer.from(signatureOf(secret, id));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected) ? id : null;
}
