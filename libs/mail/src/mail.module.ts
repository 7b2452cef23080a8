import { Module } from '@nestjs/common';
import { MailDelivery } from './mail-delivery';
import { MailLog } from './mail-log';
import { Mailer } from './mailer';

@Module({
  providers: [Mailer, MailDelivery, MailLog],
  exports: [Mailer, MailDelivery, MailLog],
})
export class MailModule {}
