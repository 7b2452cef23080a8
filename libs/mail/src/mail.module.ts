import { Module } from '@nestjs/common';
import { MailDelivery } from './mail-delivery';
import { MailHousekeeping } from './mail-housekeeping';
import { MailLog } from './mail-log';
import { Mailer } from './mailer';

@Module({
  providers: [Mailer, MailDelivery, MailLog, MailHousekeeping],
  exports: [Mailer, MailDelivery, MailLog, MailHousekeeping],
})
export class MailModule {}
