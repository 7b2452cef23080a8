import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { CatalogRecord } from '@techbridge/catalog';
import { type Achievement, DisclosureRequestStatuses, MATCH_STATES, MatchStates, type TechDemand } from '@techbridge/domain';
import type { MatchDocumentSeen, MatchMessageSeen, MatchSeen } from '@techbridge/matches';
import { AttachmentView } from '../catalog/attachments.controller';
import { AchievementView, DemandView } from '../catalog/catalog.views';

export class MatchExplanationView {
  @ApiProperty({ type: [String], description: 'what matched: shared terms, related terms, fitting facts' }) matched: string[];
  @ApiProperty({ type: [String], description: 'gaps, e.g. 需要中试，成果处于实验室阶段' }) gaps: string[];
  @ApiProperty({ description: 'everything in one paragraph' }) text: string;
}

export class MatchOwnItemView {
  @ApiProperty() id: string;
  @ApiProperty() title: string;
}

export class MatchMilestonesView {
  @ApiProperty({ nullable: true, type: Date, description: 'first followed up: 已联系, or a meeting asked for at a 对接会' }) contactedAt: Date | null;
  @ApiProperty({ nullable: true, type: Date, description: 'first met: 已约见, or a held 对接会 meeting' }) metAt: Date | null;
  @ApiProperty({ nullable: true, type: Date }) negotiatedAt: Date | null;
  @ApiProperty({ nullable: true, type: Date }) dealtAt: Date | null;
}

class MatchDisclosureRequestView {
  @ApiProperty() id: string;
  @ApiProperty({ enum: DisclosureRequestStatuses.codes }) status: string;
  @ApiProperty() statusLabel: string;
}

class MatchConversationView {
  @ApiProperty({ description: 'messages in all' }) messages: number;
  @ApiProperty({ description: 'messages of the other side your side has not read' }) unread: number;
  @ApiProperty({ description: 'documents the two sides shared (对接资料, GET …/documents)' }) documents: number;
}

/** A match as the caller's side sees it: the counterpart redacted for the caller. */
export class MatchView {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ['demand', 'achievement'], description: 'the side the caller is on' }) side: string;
  @ApiProperty({ type: MatchOwnItemView, description: 'your item on that side (the demand or achievement the match was found for)' }) item: MatchOwnItemView;
  @ApiProperty() demandId: string;
  @ApiProperty() achievementId: string;
  @ApiProperty({ description: '0–100' }) score: number;
  @ApiProperty({ description: 'each in [0, 1]; parts derived from a counterpart’s hidden details are left out' }) components: Record<string, number>;
  @ApiProperty() explanation: MatchExplanationView;
  @ApiProperty({ enum: MATCH_STATES }) state: string;
  @ApiProperty({ description: 'the state in Chinese, e.g. 洽谈中' }) stateLabel: string;
  @ApiProperty({ type: MatchMilestonesView, description: 'when the pair first reached each step (a skipped step with the later one); kept through a dismissal' }) milestones: MatchMilestonesView;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'to the side that dismissed it only' }) dismissReason: string | null;
  @ApiPropertyOptional({ nullable: true, enum: ['demand', 'achievement'], description: 'the side that dismissed the match: only it may restore it' }) dismissedBy: string | null;
  @ApiProperty({ description: 'the weights version and a digest of the knowledge files the score was computed with, e.g. m3.2+0d788318' }) weightsVersion: string;
  @ApiProperty() computedAt: Date;
  @ApiProperty({ description: 'the item versions the score was computed on' }) demandVersion: number;
  @ApiProperty() achievementVersion: number;
  @ApiProperty({ description: 'moves when either side acts on the match (not when its score is recomputed); send it with an action to make the action conditional on it' }) version: number;
  @ApiProperty({ description: 'the other side: a demand or an achievement, redacted for you' }) counterpart: DemandView | AchievementView;
  @ApiProperty({ nullable: true, type: MatchDisclosureRequestView, description: 'while the counterpart is redacted for you: your latest request for its details (POST /demands|achievements/:id/disclosure-requests), if any' })
  disclosureRequest: MatchDisclosureRequestView | null;
  @ApiProperty({ type: MatchConversationView, description: '对接留言 on this match (GET …/messages) and the documents shared on it; in lists and single reads' }) conversation: MatchConversationView;

  static from(seen: MatchSeen): MatchView {
    const m = seen.match;
    const counterpart =
      seen.counterpart.kind === 'demand'
        ? DemandView.from(seen.counterpart.record as CatalogRecord<TechDemand>)
        : AchievementView.from(seen.counterpart.record as CatalogRecord<Achievement>);
    return {
      id: m.id,
      side: seen.side,
      item: { id: seen.item.id, title: seen.item.title },
      demandId: m.demandId,
      achievementId: m.achievementId,
      score: Math.round(seen.score * 10) / 10,
      components: seen.components,
      explanation: { matched: [...seen.rendered.matched], gaps: [...seen.rendered.gaps], text: seen.rendered.text },
      state: m.state,
      stateLabel: MatchStates.label(m.state),
      milestones: { contactedAt: m.contactedAt, metAt: m.metAt, negotiatedAt: m.negotiatedAt, dealtAt: m.dealtAt },
      // Why a side dismissed a match is its own note: the other side learns only that it was dismissed.
      dismissReason: m.dismissedBy === seen.side ? m.dismissReason : null,
      dismissedBy: m.dismissedBy,
      weightsVersion: m.weightsVersion,
      computedAt: m.computedAt,
      demandVersion: m.demandVersion,
      achievementVersion: m.achievementVersion,
      version: m.stateVersion,
      counterpart,
      disclosureRequest: seen.counterpart.disclosureRequest && { ...seen.counterpart.disclosureRequest, statusLabel: DisclosureRequestStatuses.label(seen.counterpart.disclosureRequest.status) },
      conversation: seen.conversation,
    };
  }
}

export class RebuildView {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ['running', 'completed', 'completed_with_failures', 'cancelled'], description: '`completed_with_failures`: some chunks were given up on after their jobs kept failing' }) status: string;
  @ApiProperty() weightsVersion: string;
  @ApiProperty() totalItems: number;
  @ApiProperty() doneItems: number;
  @ApiProperty() totalChunks: number;
  @ApiProperty() doneChunks: number;
  @ApiProperty({ description: 'chunks given up on after their jobs kept failing; their items keep the matches they had' }) failedChunks: number;
  @ApiProperty() failedItems: number;
  @ApiProperty() createdAt: Date;
  @ApiPropertyOptional({ nullable: true, type: Date }) finishedAt: Date | null;
}

export class KindMatchingCountsView {
  @ApiProperty({ description: 'published, unarchived items' }) matchable: number;
  @ApiProperty({ description: 'matched on their current version with this build’s weights and knowledge' }) current: number;
  @ApiProperty({ description: 'matched on their current version with other weights or knowledge: a rebuild refreshes them' }) outdated: number;
  @ApiProperty({ description: 'not yet matched on their current version (jobs queued or running)' }) pending: number;
  @ApiProperty({ description: 'not matched on their current version, given up on after repeated failures (an edit or a rebuild tries again)' }) failed: number;
}

export class MatchingOverviewView {
  @ApiProperty({ description: 'what this build scores with: weights version + knowledge digest' }) scoringVersion: string;
  @ApiProperty({ type: KindMatchingCountsView }) demands: KindMatchingCountsView;
  @ApiProperty({ type: KindMatchingCountsView }) achievements: KindMatchingCountsView;
  @ApiPropertyOptional({ nullable: true, type: RebuildView, description: 'the latest rebuild and its progress' }) latestRebuild: RebuildView | null;
}

class MatchMessageAuthorView {
  @ApiProperty() displayName: string;
  @ApiProperty() organizationName: string;
}

export class MatchDocumentView extends AttachmentView {
  @ApiProperty({ description: 'added by your side, which alone may remove it (DELETE /api/v1/attachments/:id)' }) mine: boolean;

  static fromSeen({ attachment, mine }: MatchDocumentSeen): MatchDocumentView {
    return Object.assign(new MatchDocumentView(), AttachmentView.from(attachment), { mine });
  }
}

export class MatchMessageView {
  @ApiProperty() id: string;
  @ApiProperty() matchId: string;
  @ApiProperty({ enum: ['demand', 'achievement'], description: 'the side that wrote it' }) side: string;
  @ApiProperty({ description: 'written by your side' }) mine: boolean;
  @ApiProperty({ type: MatchMessageAuthorView, nullable: true, description: 'null for the other side while its item is confidential and not disclosed to you' }) author: MatchMessageAuthorView | null;
  @ApiProperty() body: string;
  @ApiProperty() createdAt: Date;
  @ApiProperty({ nullable: true, type: Date, description: 'when the other side first read it (your messages)' }) readAt: Date | null;

  static from({ message, mine, author }: MatchMessageSeen): MatchMessageView {
    const { id, matchId, side, body, createdAt, readAt } = message;
    return Object.assign(new MatchMessageView(), { id, matchId, side, mine, author, body, createdAt, readAt: mine ? readAt : null });
  }
}
