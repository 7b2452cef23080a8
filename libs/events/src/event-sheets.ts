import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type ExportFormat, writeSpreadsheet } from '@techbridge/catalog';
import { type Actor, EventCheckIn, EventParticipant, MatchmakingEvent, Meeting, MeetingStatuses, Organization, OrganizationTypes, ParticipantSides, ParticipantStatuses, RoadshowInterest, RoadshowPitch, User } from '@techbridge/domain';
import { chinaTime } from '@techbridge/mail';
import { DataSource, In } from 'typeorm';
import { assertManages } from './event-access';
import { eventDays, tableNumber, timeline } from './event-rules';
import { pitchEnd } from './roadshow-rules';
import { pitchFaces } from './roadshow-titles';

const at = (d: Date | null | undefined): string => (d ? chinaTime(d) : '');

/**
 * What organizers print for the day: the 参会名单 / 签到表 (every registration with its side,
 * sessions, booth, check-in code, who registered it and how to reach them) and the 洽谈日程总表
 * (every meeting by time and table, for table cards and the help desk), and the 路演意向登记表 (each pitch
 * with the interest registered in it, for the follow-up). Organizers and admins only.
 */
@Injectable()
export class EventSheets {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async participants(actor: Actor, eventId: string, format: ExportFormat): Promise<Buffer> {
    const event = assertManages(actor, await this.dataSource.getRepository(MatchmakingEvent).findOneBy({ id: eventId }), eventId);
    const participants = await this.dataSource.getRepository(EventParticipant).find({ where: { eventId }, order: { createdAt: 'ASC', id: 'ASC' } });
    const [orgs, users, meetings, checkIns] = await Promise.all([
      this.byId(Organization, participants.map((p) => p.organizationId)),
      this.byId(User, participants.map((p) => p.registeredBy)),
      this.dataSource.getRepository(Meeting).findBy({ eventId, status: In(['scheduled', 'held', 'no_show']) }),
      this.dataSource.getRepository(EventCheckIn).findBy({ eventId }),
    ]);
    const sessionName = new Map(event.sessions.map((s) => [s.key, s.name]));
    // Each day of the event has its own check-in (签到), so a multi-day event has a column per day.
    const days = eventDays(event.sessions);
    const checkInHeaders = days.length === 1 ? ['签到时间'] : days.map((d) => `签到时间（${d}）`);
    const checkInOf = new Map(checkIns.map((c) => [`${c.participantId} ${c.day}`, c.checkedInAt]));
    const checkedIn = (participantId: string, day: string) => checkInOf.get(`${participantId} ${day}`);
    const headers = ['参会单位', '单位类型', '身份', '审核状态', '场次', '固定桌号', '洽谈场数', '参会码', ...checkInHeaders, '报名人', '报名人邮箱'];
    const rows = participants.map((p) => {
      const org = orgs.get(p.organizationId);
      const user = users.get(p.registeredBy);
      return [
        org?.name ?? p.organizationId,
        org ? OrganizationTypes.label(org.type) : '',
        ParticipantSides.label(p.side),
        ParticipantStatuses.label(p.status),
        p.sessionKeys.map((k) => sessionName.get(k) ?? k).join('、'),
        p.fixedTable === null ? '' : tableNumber(p.fixedTable),
        meetings.filter((m) => m.requesterId === p.id || m.counterpartId === p.id).length,
        p.checkInCode,
        ...days.map((day) => at(checkedIn(p.id, day))),
        user?.displayName ?? '',
        user?.email ?? '',
      ];
    });
    return writeSpreadsheet(format, 'participants', headers, rows);
  }

  async meetings(actor: Actor, eventId: string, format: ExportFormat): Promise<Buffer> {
    const event = assertManages(actor, await this.dataSource.getRepository(MatchmakingEvent).findOneBy({ id: eventId }), eventId);
    const meetings = await this.dataSource.getRepository(Meeting).find({ where: { eventId }, order: { slot: 'ASC', tableNo: 'ASC', id: 'ASC' } });
    const participants = await this.dataSource.getRepository(EventParticipant).findBy({ eventId });
    const orgs = await this.byId(Organization, participants.map((p) => p.organizationId));
    const nameOf = new Map(participants.map((p) => [p.id, orgs.get(p.organizationId)?.name ?? p.organizationId]));
    const slots = timeline(event.sessions);
    const sessionName = new Map(event.sessions.map((s) => [s.key, s.name]));
    const headers = ['时段', '开始', '结束', '场次', '桌号', '发起方', '受邀方', '状态'];
    const rows = meetings.map((m) => {
      const slot = slots[m.slot];
      return [m.slot + 1, at(slot?.startsAt), at(slot?.endsAt), slot ? (sessionName.get(slot.sessionKey) ?? slot.sessionKey) : '', tableNumber(m.tableNo), nameOf.get(m.requesterId) ?? '', nameOf.get(m.counterpartId) ?? '', MeetingStatuses.label(m.status)];
    });
    return writeSpreadsheet(format, 'meetings', headers, rows);
  }

  async roadshow(actor: Actor, eventId: string, format: ExportFormat): Promise<Buffer> {
    assertManages(actor, await this.dataSource.getRepository(MatchmakingEvent).findOneBy({ id: eventId }), eventId);
    const pitches = await this.dataSource.getRepository(RoadshowPitch).find({ where: { eventId }, order: { startsAt: 'ASC', id: 'ASC' } });
    const interests = pitches.length ? await this.dataSource.getRepository(RoadshowInterest).find({ where: { pitchId: In(pitches.map((p) => p.id)) }, order: { createdAt: 'ASC', id: 'ASC' } }) : [];
    const participants = await this.dataSource.getRepository(EventParticipant).findBy({ eventId });
    const orgs = await this.byId(Organization, participants.map((p) => p.organizationId));
    const participant = new Map(participants.map((p) => [p.id, p]));
    const nameOf = (participantId: string) => orgs.get(participant.get(participantId)?.organizationId ?? '')?.name ?? '';
    // A sheet travels further than the screen: a pitch whose achievement turned confidential carries its neutral title.
    const faces = await pitchFaces(this.dataSource.manager, actor, pitches);
    const headers = ['路演顺序', '开始', '结束', '路演题目', '路演单位', '意向单位', '意向单位身份', '意向留言', '登记时间'];
    // One row per registration of interest; a pitch nobody followed up still has its row.
    const rows = pitches.flatMap((pitch, i) => {
      const head = [i + 1, at(pitch.startsAt), at(pitchEnd(pitch)), faces.get(pitch.id)!.title, nameOf(pitch.participantId)];
      const mine = interests.filter((n) => n.pitchId === pitch.id);
      if (!mine.length) return [[...head, '', '', '', '']];
      return mine.map((n) => [...head, nameOf(n.participantId), ParticipantSides.label(participant.get(n.participantId)!.side), n.message ?? '', at(n.createdAt)]);
    });
    return writeSpreadsheet(format, 'roadshow', headers, rows);
  }

  private async byId<T extends { id: string }>(entity: new () => T, ids: string[]): Promise<Map<string, T>> {
    const unique = [...new Set(ids)];
    if (!unique.length) return new Map();
    return new Map((await this.dataSource.getRepository(entity).findBy({ id: In(unique) } as never)).map((r) => [r.id, r]));
  }
}
