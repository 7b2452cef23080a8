import { Notification } from '@techbridge/domain';
import type { EntityManager } from 'typeorm';

/** An in-app notice to an organisation: `kind` names what happened (`deal.sign`), `subject` the ids it is about. */
export interface Notice {
  organizationId: string;
  kind: string;
  title: string;
  body: string;
  subject: Record<string, string>;
}

/** Writes notices inside the caller's transaction: they exist exactly when what they tell of was committed. */
export async function notify(manager: EntityManager, notices: Notice | readonly Notice[]): Promise<void> {
  const list = Array.isArray(notices) ? notices : [notices as Notice];
  if (list.length) await manager.insert(Notification, list.map((n) => ({ ...n })));
}
