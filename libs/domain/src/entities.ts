import { BrokerAssignment } from './accounts/broker-assignment.entity';
import { Invitation } from './accounts/invitation.entity';
import { Organization } from './accounts/organization.entity';
import { PasswordReset } from './accounts/password-reset.entity';
import { RateLimitCounter } from './accounts/rate-limit-counter.entity';
import { RefreshToken } from './accounts/refresh-token.entity';
import { SignInFailure } from './accounts/sign-in-failure.entity';
import { User } from './accounts/user.entity';
import { AuditEntry } from './audit/audit-entry.entity';
import { Achievement } from './catalog/achievement.entity';
import { Attachment } from './catalog/attachment.entity';
import { Bookmark } from './catalog/bookmark.entity';
import { ItemView } from './catalog/item-view.entity';
import { CatalogImport } from './catalog/catalog-import.entity';
import { CatalogSubscription } from './catalog/catalog-subscription.entity';
import { Disclosure } from './catalog/disclosure.entity';
import { DisclosureRequest } from './catalog/disclosure-request.entity';
import { TaxonomyChainRow, TaxonomyFieldRow } from './catalog/taxonomy.entity';
import { TechDemand } from './catalog/tech-demand.entity';
import { Match } from './matching/match.entity';
import { MatchFeedback } from './matching/match-feedback.entity';
import { MatchMessage } from './matching/match-message.entity';
import { MatchIdleReminder } from './matching/match-idle-reminder.entity';
import { MatchingRebuild, MatchingRebuildChunk } from './matching/matching-rebuild.entity';
import { OutboxMessage } from './matching/outbox-message.entity';
import { SystemPing } from './system/system-ping.entity';
import { MailMessage } from './mail/mail-message.entity';
import { MatchmakingEvent } from './events/event.entity';
import { EventInvitation } from './events/invitation.entity';
import { Meeting, MeetingSeat } from './events/meeting.entity';
import { MeetingRequest } from './events/meeting-request.entity';
import { Notification } from './events/notification.entity';
import { ChallengeApplication, ChallengeReview } from './challenges/challenge-application.entity';
import { ChallengeExpert } from './challenges/challenge-expert.entity';
import { ExpertProfile } from './challenges/expert-profile.entity';
import { MilestoneReport } from './challenges/milestone-report.entity';
import { Deal } from './deals/deal.entity';
import { EventParticipant } from './events/participant.entity';
import { EventCheckIn } from './events/check-in.entity';
import { ScheduleRun } from './events/schedule-run.entity';
import { RoadshowInterest, RoadshowPitch } from './events/roadshow.entity';

/** Every TypeORM entity, listed once for the DataSource (no globs: the build and Jest agree). */
export const ENTITIES = [SystemPing, Organization, User, Invitation, RefreshToken, PasswordReset, BrokerAssignment, RateLimitCounter, SignInFailure, AuditEntry,
  TaxonomyFieldRow, TaxonomyChainRow, TechDemand, Achievement, Disclosure, DisclosureRequest, CatalogImport,
  Match, MatchFeedback, MatchMessage, OutboxMessage, MatchingRebuild, MatchingRebuildChunk,
  MatchmakingEvent, EventParticipant, MeetingRequest, Meeting, MeetingSeat, ScheduleRun, Notification, EventInvitation,
  Deal, ChallengeApplication, ChallengeReview, ChallengeExpert, MilestoneReport, MailMessage, ExpertProfile, CatalogSubscription, Attachment, Bookmark, ItemView, MatchIdleReminder, RoadshowPitch, RoadshowInterest, EventCheckIn];
