import { Module } from '@nestjs/common';
import { AccountsModule } from '@techbridge/accounts';
import { CatalogModule } from '@techbridge/catalog';
import { MailModule } from '@techbridge/mail';
import { MatchesModule } from '@techbridge/matches';
import { Agendas } from './agendas';
import { EventBulk } from './bulk';
import { EventCopies } from './event-copies';
import { EventDay } from './event-day';
import { EventReminders } from './event-reminders';
import { EventSheets } from './event-sheets';
import { EventsService } from './events.service';
import { MeetingRequestsService } from './meeting-requests.service';
import { MeetingsService } from './meetings.service';
import { ParticipantsService } from './participants.service';
import { Recommendations } from './recommendations';
import { Roadshows } from './roadshows';
import { SchedulingRuns } from './scheduling-runs';

const PROVIDERS = [EventsService, EventCopies, ParticipantsService, MeetingRequestsService, MeetingsService, Recommendations, SchedulingRuns, Agendas, EventDay, EventBulk, EventReminders, EventSheets, Roadshows];

/** 对接会: events, participants, meeting requests, meetings, the scheduler runs, agendas, the roadshow stage and the day itself. */
@Module({
  imports: [AccountsModule, CatalogModule, MatchesModule, MailModule],
  providers: PROVIDERS,
  exports: PROVIDERS,
})
export class EventsModule {}
