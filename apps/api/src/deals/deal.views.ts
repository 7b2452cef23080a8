import { ApiProperty } from '@nestjs/swagger';
import { CooperationModes, DealSources, DealStages } from '@techbridge/domain';
import type { DealRecord } from '@techbridge/deals';

class PartyView {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
}

/** A deal as its parties (and admins) see it; item ids only: each item is read through the catalogue, under its own visibility. */
export class DealView {
  @ApiProperty() id: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: CooperationModes.codes }) kind: string;
  @ApiProperty() kindLabel: string;
  @ApiProperty({ enum: DealStages.codes }) stage: string;
  @ApiProperty() stageLabel: string;
  @ApiProperty({ enum: DealSources.codes }) source: string;
  @ApiProperty() sourceLabel: string;
  @ApiProperty({ type: PartyView }) buyer: PartyView;
  @ApiProperty({ type: PartyView }) seller: PartyView;
  @ApiProperty({ type: PartyView, nullable: true, description: 'the 技术经纪人 credited with the deal (id and name)' }) broker: PartyView | null;
  @ApiProperty({ nullable: true, type: String }) demandId: string | null;
  @ApiProperty({ nullable: true, type: String }) achievementId: string | null;
  @ApiProperty({ nullable: true, type: String }) matchId: string | null;
  @ApiProperty({ nullable: true, type: String }) challengeApplicationId: string | null;
  @ApiProperty({ nullable: true, type: String }) eventId: string | null;
  @ApiProperty() fieldCode: string;
  @ApiProperty({ nullable: true, type: Number, description: '万元' }) amountWan: number | null;
  @ApiProperty({ nullable: true, type: String }) signedOn: string | null;
  @ApiProperty({ nullable: true, type: String }) registrationNumber: string | null;
  @ApiProperty({ nullable: true, type: String }) registeredOn: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'why the deal ended: cancelled, disputed by the other party or voided by an admin (see stage)' }) cancelReason: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'the party (buyer or seller) that recorded the deal: the other one may dispute it' }) recordedForOrganizationId: string | null;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
  @ApiProperty() version: number;

  static from({ deal: d, buyerName, sellerName, brokerName }: DealRecord): DealView {
    return {
      id: d.id,
      title: d.title,
      kind: d.kind,
      kindLabel: CooperationModes.label(d.kind),
      stage: d.stage,
      stageLabel: DealStages.label(d.stage),
      source: d.source,
      sourceLabel: DealSources.label(d.source),
      buyer: { id: d.buyerOrganizationId, name: buyerName },
      seller: { id: d.sellerOrganizationId, name: sellerName },
      broker: d.brokerUserId ? { id: d.brokerUserId, name: brokerName ?? '' } : null,
      demandId: d.demandId,
      achievementId: d.achievementId,
      matchId: d.matchId,
      challengeApplicationId: d.challengeApplicationId,
      eventId: d.eventId,
      fieldCode: d.fieldCode,
      amountWan: d.amountWan,
      signedOn: d.signedOn,
      registrationNumber: d.registrationNumber,
      registeredOn: d.registeredOn,
      cancelReason: d.cancelReason,
      recordedForOrganizationId: d.recordedForOrganizationId,
      createdAt: d.createdAt,
      updatedAt: d.updatedAt,
      version: d.version,
    };
  }
}
