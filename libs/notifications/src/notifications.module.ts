import { Module } from '@nestjs/common';
import { MailModule } from '@techbridge/mail';
import { NoticeDigests } from './notice-digests';
import { NotificationsService } from './notifications.service';

@Module({
  imports: [MailModule],
  providers: [NotificationsService, NoticeDigests],
  exports: [NotificationsService, NoticeDigests],
})
export class NotificationsModule {}
