/**
 * The nil UUID: an id no row has. Stands in a query where an id is required but the caller has
 * none (no organisation, no participant, no meeting), so the condition matches nothing, and
 * starts a keyset scan below every real id.
 */
export const NIL_ID = '00000000-0000-0000-0000-000000000000';
