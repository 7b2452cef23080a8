// Every migration, in order. `npm run migration:generate -- <Name>` appends here; review before committing.
import type { MigrationInterface } from 'typeorm';
import { EventCancellation1796685820470 } from './1796685820470-EventCancellation';
import { ChallengeProjectTerminations1796684680209 } from './1796684680209-ChallengeProjectTerminations';
import { DismissedPairsAndFailedChunks1796682828803 } from './1796682828803-DismissedPairsAndFailedChunks';
import { AccountClosures1796677834556 } from './1796677834556-AccountClosures';
import { EventCheckIns1796674993323 } from './1796674993323-EventCheckIns';
import { DealDisputes1796674482118 } from './1796674482118-DealDisputes';
import { MatchingRetries1796674210819 } from './1796674210819-MatchingRetries';
import { MatchListsKeepCounterparts1796670900000 } from './1796670900000-MatchListsKeepCounterparts';
import { ParticipantMeetingIndexes1796670051381 } from './1796670051381-ParticipantMeetingIndexes';
import { BlankExternalRefs1796667700001 } from './1796667700001-BlankExternalRefs';
import { LapsedDisclosureRequests1796667700000 } from './1796667700000-LapsedDisclosureRequests';
import { ParticipantCalendarKey1796663389531 } from './1796663389531-ParticipantCalendarKey';
import { CatalogTakedown1796657964574 } from './1796657964574-CatalogTakedown';
import { EventRegistrationApproval1796650500956 } from './1796650500956-EventRegistrationApproval';
import { IdleFollowUpsAndItemViews1796646535847 } from './1796646535847-IdleFollowUpsAndItemViews';
import { MatchesFollowedUpCovering1796643245737 } from './1796643245737-MatchesFollowedUpCovering';
import { MatchesContactedDemand1796637550314 } from './1796637550314-MatchesContactedDemand';
import { Roadshow1796634241210 } from './1796634241210-Roadshow';
import { Bookmarks1796631727676 } from './1796631727676-Bookmarks';
import { EventCapacity1796628952440 } from './1796628952440-EventCapacity';
import { Attachments1796625696817 } from './1796625696817-Attachments';
import { MatchMessages1796625322993 } from './1796625322993-MatchMessages';
import { CatalogSubscriptions1796621541432 } from './1796621541432-CatalogSubscriptions';
import { ExpertProfiles1796619429607 } from './1796619429607-ExpertProfiles';
import { DealBrokers1796619088292 } from './1796619088292-DealBrokers';
import { NoticeDigests1796617895524 } from './1796617895524-NoticeDigests';
import { MailMessages1796617382448 } from './1796617382448-MailMessages';
import { SessionDevices1796611288802 } from './1796611288802-SessionDevices';
import { MilestoneReports1796610268762 } from './1796610268762-MilestoneReports';
import { ChallengeExperts1796609879587 } from './1796609879587-ChallengeExperts';
import { PasswordResets1796609381657 } from './1796609381657-PasswordResets';
import { DisclosureRequests1796599845862 } from './1796599845862-DisclosureRequests';
import { MatchMilestones1796592645530 } from './1796592645530-MatchMilestones';
import { ChallengeApplications1796587437749 } from './1796587437749-ChallengeApplications';
import { Deals1796584676724 } from './1796584676724-Deals';
import { StuckWorkRequeues1796566674697 } from './1796566674697-StuckWorkRequeues';
import { ScheduleRunEventVersion1796564292969 } from './1796564292969-ScheduleRunEventVersion';
import { MatchRowsKeepFeedback1796563921921 } from './1796563921921-MatchRowsKeepFeedback';
import { MatchActionsBySide1796563921920 } from './1796563921920-MatchActionsBySide';
import { RedactRequestMessages1795500000100 } from './1795500000100-RedactRequestMessages';
import { MatchListsProcedure1795400000000 } from './1795400000000-MatchListsProcedure';
import { EventInvitations1795328352277 } from './1795328352277-EventInvitations';
import { Events1795327086785 } from './1795327086785-Events';
import { Matching1795326216518 } from './1795326216518-Matching';
import { Catalog1795318551169 } from './1795318551169-Catalog';
import { Accounts1795316091419 } from './1795316091419-Accounts';
import { Init1795313719772 } from './1795313719772-Init';

export const MIGRATIONS: Array<new () => MigrationInterface> = [
  Init1795313719772,
  Accounts1795316091419,
  Catalog1795318551169,
  Matching1795326216518,
  Events1795327086785,
  EventInvitations1795328352277,
  MatchListsProcedure1795400000000,
  RedactRequestMessages1795500000100,
  MatchActionsBySide1796563921920,
  MatchRowsKeepFeedback1796563921921,
  ScheduleRunEventVersion1796564292969,
  StuckWorkRequeues1796566674697,
  Deals1796584676724,
  ChallengeApplications1796587437749,
  MatchMilestones1796592645530,
  DisclosureRequests1796599845862,
  PasswordResets1796609381657,
  ChallengeExperts1796609879587,
  MilestoneReports1796610268762,
  SessionDevices1796611288802,
  MailMessages1796617382448,
  NoticeDigests1796617895524,
  DealBrokers1796619088292,
  ExpertProfiles1796619429607,
  CatalogSubscriptions1796621541432,
  MatchMessages1796625322993,
  Attachments1796625696817,
  EventCapacity1796628952440,
  Bookmarks1796631727676,
  Roadshow1796634241210,
  MatchesContactedDemand1796637550314,
  MatchesFollowedUpCovering1796643245737,
  IdleFollowUpsAndItemViews1796646535847,
  EventRegistrationApproval1796650500956,
  CatalogTakedown1796657964574,
  ParticipantCalendarKey1796663389531,
  LapsedDisclosureRequests1796667700000,
  BlankExternalRefs1796667700001,
  ParticipantMeetingIndexes1796670051381,
  MatchListsKeepCounterparts1796670900000,
  MatchingRetries1796674210819,
  DealDisputes1796674482118,
  EventCheckIns1796674993323,
  AccountClosures1796677834556,
  DismissedPairsAndFailedChunks1796682828803,
  ChallengeProjectTerminations1796684680209,
  EventCancellation1796685820470,
];
