import { Injectable, Logger } from '@nestjs/common';

/**
 * Where e-mail about events would go. Off by default: the platform has no mail transport yet, so
 * this adapter only logs; a real one replaces the provider. In-app notifications are the record.
 */
@Injectable()
export class EmailAdapter {
  private readonly logger = new Logger('EventEmail');
  readonly enabled: boolean = false;

  async notifyOrganization(organizationId: string, title: string, _body: string): Promise<void> {
    if (!this.enabled) return;
    this.logger.log(`would e-mail organisation ${organizationId}: ${title}`);
  }

  /** An organizer invited this address to the event (its organisation is not on the platform yet). */
  async inviteToEvent(email: string, eventId: string, eventTitle: string): Promise<void> {
    if (!this.enabled) return;
    this.logger.log(`would invite ${email} to event ${eventId} (${eventTitle})`);
  }
}
