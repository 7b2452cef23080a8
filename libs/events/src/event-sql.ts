/** SQL: the event `e` is not over — not closed or called off, and a slot of one of its sessions is still to end. */
export const eventNotOverSql = (e: string): string =>
  `${e}.status NOT IN ('closed', 'cancelled') AND EXISTS (SELECT 1 FROM jsonb_array_elements(${e}.sessions) s WHERE (s->>'startsAt')::timestamptz + (s->>'slotMinutes')::int * (s->>'slotCount')::int * interval '1 minute' > now())`;
