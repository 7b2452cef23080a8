import { EventParticipant, type MatchmakingEvent, type Meeting, type MeetingRequest, Organization, ParticipantSides } from '@techbridge/domain';
import { chinaTime } from '@techbridge/mail';
import { type Notice, notify } from '@techbridge/notifications';
import { type EntityManager, In } from 'typeorm';
import { AGENDA_VISIBLE, tableNumber, timeline } from './event-rules';

const nameOf = async (manager: EntityManager, participant: EventParticipant): Promise<string> =>
  (await manager.findOneBy(Organization, { id: participant.organizationId }))?.name ?? '一位参会单位';

/** The requested participant learns of a request (participants of an event see each other's names). */
export async function noticeOfRequest(manager: EntityManager, event: MatchmakingEvent, request: MeetingRequest, requester: EventParticipant, counterpart: EventParticipant): Promise<void> {
  const by = await nameOf(manager, requester);
  await notify(manager, {
    organizationId: counterpart.organizationId,
    kind: 'event.request',
    title: `${event.title}：收到洽谈邀约`,
    body: `${by} 邀请贵单位在「${event.title}」一对一洽谈${request.message ? `：${request.message}` : '。'}请在预约截止前接受或婉拒。`,
    subject: { eventId: event.id, requestId: request.id },
  });
}

/** The requester learns the answer. */
export async function noticeOfAnswer(manager: EntityManager, event: MatchmakingEvent, request: MeetingRequest, requester: EventParticipant, counterpart: EventParticipant): Promise<void> {
  const by = await nameOf(manager, counterpart);
  const accepted = request.status === 'accepted';
  await notify(manager, {
    organizationId: requester.organizationId,
    kind: accepted ? 'event.request_accepted' : 'event.request_declined',
    title: `${event.title}：洽谈邀约${accepted ? '已被接受' : '未被接受'}`,
    body: accepted ? `${by} 接受了贵单位的洽谈邀约，组织方排期后将发布议程。` : `${by} 婉拒了贵单位的洽谈邀约。`,
    subject: { eventId: event.id, requestId: request.id },
  });
}

/** In-app notices that a meeting of a published agenda was cancelled: to the organizers and the parties, except whoever cancelled it. */
export async function noticeOfCancellation(manager: EntityManager, event: MatchmakingEvent, parties: readonly EventParticipant[], actingOrganizationId: string, slot: number, requestId: string): Promise<void> {
  const recipients = [...new Set([event.organizerOrganizationId, ...parties.map((p) => p.organizationId)])].filter((o) => o !== actingOrganizationId);
  await notify(manager, recipients.map((organizationId) => cancelledNotice(event, organizationId, slot, requestId)));
}

const cancelledNotice = (event: MatchmakingEvent, organizationId: string, slot: number, requestId: string): Notice => ({
  organizationId,
  kind: 'event.meeting_cancelled',
  title: `${event.title}：洽谈已取消`,
  body: `「${event.title}」中已发布的一场一对一洽谈（第 ${slot + 1} 时段）已被取消，请查看议程。`,
  subject: { eventId: event.id, requestId },
});

/** Where a meeting is, as people read it: its start in China time, slot and table numbered from 1. */
const placeOf = (event: MatchmakingEvent, slot: number, table: number): string =>
  `${chinaTime(timeline(event.sessions)[slot]!.startsAt)}（第 ${slot + 1} 时段）第 ${tableNumber(table)} 桌`;

type Placed = Pick<Meeting, 'id' | 'requesterId' | 'counterpartId' | 'slot' | 'tableNo'>;

/**
 * The organizers placed or moved a meeting on an agenda its participants already see (published or
 * live), by hand or by a re-run: both sides learn its time and table at once. Each side reads the
 * other's name, as on its agenda, and nothing of the items the meeting may be about. A draft schedule
 * (not published yet) tells nobody: publishing does.
 */
export async function noticeOfPlacement(manager: EntityManager, event: MatchmakingEvent, meeting: Placed, parties: readonly EventParticipant[], from: { slot: number; table: number } | null): Promise<void> {
  await noticesOfPlacement(manager, event, [{ meeting, from }], parties);
}

/** The same for many meetings at once (a re-run); `parties` are loaded when not given. */
export async function noticesOfPlacement(
  manager: EntityManager,
  event: MatchmakingEvent,
  changes: ReadonlyArray<{ meeting: Placed; from: { slot: number; table: number } | null }>,
  parties?: readonly EventParticipant[],
): Promise<void> {
  if (!AGENDA_VISIBLE.includes(event.status) || !changes.length) return;
  const ids = [...new Set(changes.flatMap((c) => [c.meeting.requesterId, c.meeting.counterpartId]))];
  const of = new Map((parties ?? (await manager.findBy(EventParticipant, { id: In(ids) }))).map((p) => [p.id, p]));
  const names = await namesOf(manager, [...of.values()]);
  await notify(
    manager,
    changes.flatMap(({ meeting, from }) => {
      const where = placeOf(event, meeting.slot, meeting.tableNo);
      return [meeting.requesterId, meeting.counterpartId].map((id) => {
        const other = names.get(of.get(id === meeting.requesterId ? meeting.counterpartId : meeting.requesterId)?.organizationId ?? '') ?? '一位参会单位';
        return {
          organizationId: of.get(id)!.organizationId,
          kind: from ? 'event.meeting_moved' : 'event.meeting_added',
          title: `${event.title}：${from ? '洽谈时间调整' : '新增一对一洽谈'}`,
          body: from
            ? `「${event.title}」中贵单位与 ${other} 的一对一洽谈由 ${placeOf(event, from.slot, from.table)} 改为 ${where}，请查看议程。`
            : `组织方为贵单位在「${event.title}」安排了与 ${other} 的一对一洽谈：${where}，请查看议程。`,
          subject: { eventId: event.id, meetingId: meeting.id },
        };
      });
    }),
  );
}

/** Meetings of a visible agenda a re-run could not place again: both sides of each learn it is off (the organizers ran it). */
export async function noticesOfDrop(manager: EntityManager, event: MatchmakingEvent, dropped: ReadonlyArray<Pick<Meeting, 'requestId' | 'requesterId' | 'counterpartId' | 'slot'>>): Promise<void> {
  if (!AGENDA_VISIBLE.includes(event.status) || !dropped.length) return;
  const of = new Map((await manager.findBy(EventParticipant, { id: In(dropped.flatMap((m) => [m.requesterId, m.counterpartId])) })).map((p) => [p.id, p.organizationId]));
  await notify(manager, dropped.flatMap((m) => [m.requesterId, m.counterpartId].map((id) => cancelledNotice(event, of.get(id)!, m.slot, m.requestId))));
}

/** Organisation id → name, in one query. */
async function namesOf(manager: EntityManager, participants: readonly EventParticipant[]): Promise<Map<string, string>> {
  const orgs = participants.length ? await manager.findBy(Organization, { id: In(participants.map((p) => p.organizationId)) }) : [];
  return new Map(orgs.map((o) => [o.id, o.name]));
}

export interface CancelledMeeting {
  request_id: string;
  slot: number;
  published_slot: number | null;
  /** The participant on the other side of the one that left. */
  counterpart_id: string;
}

/**
 * A participant left (withdrew, or the organizers rejected it): the other side of each of its meetings
 * on a published agenda learns the meeting is off. Why it left is not theirs to know.
 */
export async function noticeOfCancelledByLeaving(manager: EntityManager, event: MatchmakingEvent, leaving: EventParticipant, meetings: readonly CancelledMeeting[]): Promise<void> {
  if (!meetings.length) return;
  const by = await nameOf(manager, leaving);
  const counterparts = new Map((await manager.findBy(EventParticipant, { id: In(meetings.map((m) => m.counterpart_id)) })).map((p) => [p.id, p.organizationId]));
  await notify(
    manager,
    meetings.map((m) => ({
      organizationId: counterparts.get(m.counterpart_id)!,
      kind: 'event.meeting_cancelled',
      title: `${event.title}：洽谈已取消`,
      body: `「${event.title}」中已发布的与 ${by} 的一对一洽谈（第 ${m.slot + 1} 时段）已取消：对方不再参加本次对接会，请查看议程。`,
      subject: { eventId: event.id, requestId: m.request_id },
    })),
  );
}

/**
 * The organizers learn of a registration waiting for their approval, or (admitting automatically) for
 * a place; `invited`: one they invited by e-mail, which waits only because the event is full.
 */
export async function noticeOfRegistration(manager: EntityManager, event: MatchmakingEvent, participant: EventParticipant, { waitlisted = false, invited = false } = {}): Promise<void> {
  const by = await nameOf(manager, participant);
  await notify(manager, {
    organizationId: event.organizerOrganizationId,
    kind: 'event.registration',
    title: `${event.title}：收到参会报名`,
    body: `${invited ? '受邀单位 ' : ''}${by} 报名参加（${ParticipantSides.label(participant.side)}），${waitlisted ? `名额（${event.maxParticipants} 家）已满，列入候补${event.registrationApproval === 'automatic' ? '，有名额空出时按报名先后自动递补' : ''}。` : '待审核。'}`,
    subject: { eventId: event.id, participantId: participant.id },
  });
}

/** A registrant learns whether the organizers approved it (or, later, turned it away), or that it moved up from the waiting list. */
export async function noticeOfDecision(manager: EntityManager, event: MatchmakingEvent, participant: EventParticipant, promoted = false): Promise<void> {
  const approved = participant.status === 'approved';
  await notify(manager, {
    organizationId: participant.organizationId,
    kind: approved ? 'event.participant_approved' : 'event.participant_rejected',
    title: `${event.title}：报名${approved ? '已通过' : '未通过'}`,
    body: approved ? `${promoted ? '名额空出，贵单位已由候补递补，' : '贵单位已'}获准参加「${event.title}」，预约开放后可发起一对一洽谈邀约。` : `组织方未批准贵单位参加「${event.title}」，其洽谈邀约与已排洽谈随之取消。`,
    subject: { eventId: event.id, participantId: participant.id },
  });
}

/**
 * The organizers learn of a withdrawal; one that frees a place of a full event says who moved up
 * into it (候补递补) or, where they approve by hand, how many registrations wait for it.
 */
export async function noticeOfWithdrawal(manager: EntityManager, event: MatchmakingEvent, participant: EventParticipant, place: { waiting: number; promoted: EventParticipant[] }): Promise<void> {
  const by = await nameOf(manager, participant);
  const names: string[] = [];
  for (const p of place.promoted) names.push(await nameOf(manager, p)); // one connection: one query at a time
  const freed = names.length ? `，空出的名额已由候补 ${names.join('、')} 自动递补。` : place.waiting ? `，空出 1 个名额；候补 ${place.waiting} 家待审核。` : '。';
  await notify(manager, {
    organizationId: event.organizerOrganizationId,
    kind: 'event.participant_withdrawn',
    title: `${event.title}：参会单位退出`,
    body: `${by}（${ParticipantSides.label(participant.side)}）已退出「${event.title}」${freed}`,
    subject: { eventId: event.id, participantId: participant.id },
  });
}
