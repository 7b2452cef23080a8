import { type Actor, actsFor, type EventParticipant, type MatchmakingEvent, Organization, type RoadshowPitch } from '@techbridge/domain';
import { chinaTime } from '@techbridge/mail';
import { notify } from '@techbridge/notifications';
import type { EntityManager } from 'typeorm';
import { outsiderPitchTitle } from './roadshow-titles';

const subjectOf = (event: MatchmakingEvent, pitch: RoadshowPitch) => ({ eventId: event.id, pitchId: pitch.id });

/** The presenter learns its pitch is on the programme, or its new time. */
export async function noticeOfPitch(manager: EntityManager, event: MatchmakingEvent, pitch: RoadshowPitch, presenterOrganizationId: string, change: 'added' | 'moved'): Promise<void> {
  const when = `${chinaTime(pitch.startsAt)} 起，${pitch.minutes} 分钟`;
  await notify(manager, {
    organizationId: presenterOrganizationId,
    kind: 'event.roadshow_pitch',
    title: `${event.title}：路演${change === 'added' ? '安排' : '时间调整'}`,
    body: change === 'added' ? `贵单位的「${pitch.title}」列入「${event.title}」路演，${when}。` : `贵单位在「${event.title}」的路演「${pitch.title}」改为 ${when}。`,
    subject: subjectOf(event, pitch),
  });
}

/** A pitch taken off the programme: the presenter hears when the organizers did it, the organizers when the presenter withdrew it. */
export async function noticeOfPitchRemoved(manager: EntityManager, event: MatchmakingEvent, pitch: RoadshowPitch, presenterOrganizationId: string, actor: Actor): Promise<void> {
  const byPresenter = actsFor(actor, presenterOrganizationId);
  await notify(manager, {
    organizationId: byPresenter ? event.organizerOrganizationId : presenterOrganizationId,
    kind: 'event.roadshow_removed',
    title: `${event.title}：路演取消`,
    // The organizers read the achievement as the catalogue lets them: by its neutral title once it is confidential.
    body: byPresenter ? `路演「${await outsiderPitchTitle(manager, pitch)}」已由路演方撤下，请调整路演议程。` : `组织方已将贵单位的路演「${pitch.title}」移出「${event.title}」路演议程。`,
    subject: subjectOf(event, pitch),
  });
}

/** The presenter hears of each participant's 意向登记 once (a changed message is not news). */
export async function noticeOfInterest(manager: EntityManager, event: MatchmakingEvent, pitch: RoadshowPitch, presenterOrganizationId: string, by: EventParticipant, message: string | null): Promise<void> {
  const name = (await manager.findOneBy(Organization, { id: by.organizationId }))?.name ?? '一位参会单位';
  await notify(manager, {
    organizationId: presenterOrganizationId,
    kind: 'event.roadshow_interest',
    title: `${event.title}：路演项目收到合作意向`,
    body: `${name} 对路演「${pitch.title}」登记了合作意向${message ? `：${message}` : '。'}可在预约期内向其发起一对一洽谈邀约。`,
    subject: { ...subjectOf(event, pitch), participantId: by.id },
  });
}
