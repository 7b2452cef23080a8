import { Injectable } from '@nestjs/common';
import { isEmail } from 'class-validator';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditLog } from '@techbridge/accounts';
import { readSpreadsheet, TooManyRowsError, UnreadableFileError } from '@techbridge/catalog';
import { eventInvitationMail, Mailer } from '@techbridge/mail';
import { AppEnv } from '@techbridge/platform';
import {
  type Actor,
  EventInvitation,
  EventParticipant,
  type FieldProblem,
  InvalidStateError,
  MatchmakingEvent,
  MeetingRequest,
  Organization,
  pairKeyOf,
  type ParticipantSide,
  ParticipantSides,
  ValidationError,
} from '@techbridge/domain';
import { DataSource, type EntityManager, In } from 'typeorm';
import { assertManages } from './event-access';
import { newCheckInCode } from './check-in-codes';
import { participantProblems } from './participants.service';
import { assertRoomFor } from './event-capacity';
import { eventInvitationToken } from './event-invitations';
import { noticeOfDecision } from './event-notices';
import { strandedRequestProblems } from './session-choices';
import { FINAL } from './event-rules';
import { ALREADY_MET, pairsThatMet } from './placement';

export interface BulkParticipant {
  /** An existing organisation, by id or by 统一社会信用代码… */
  organizationId?: string;
  creditCode?: string;
  /** …or by a contact's e-mail: the organisation of the user with this address, else an invitation. */
  email?: string;
  organizationName?: string;
  side: ParticipantSide;
  sessionKeys?: string[];
}

export interface BulkMeeting {
  /** Participants by participant id, organisation id or 统一社会信用代码. */
  requester: string;
  counterpart: string;
  priority?: number;
  sessionKey?: string;
}

export interface BulkResult {
  created: number;
  updated: number;
  unchanged: number;
  /** Participants only: organisations not on the platform yet, invited by e-mail. */
  invited?: number;
}


const MAX_ROWS = 5_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Spreadsheet columns (Chinese headers, or the JSON names). */
const PARTICIPANT_COLUMNS = {
  creditCode: ['统一社会信用代码', 'creditCode'], email: ['邮箱', 'email'], organizationName: ['单位名称', 'organizationName'], side: ['角色', 'side'], sessionKeys: ['场次', 'sessionKeys'],
};
const MEETING_COLUMNS = { requester: ['发起方', 'requester'], counterpart: ['对方', 'counterpart'], priority: ['优先级', 'priority'], sessionKey: ['场次', 'sessionKey'] };

/** The longest name kept for an organisation invited by e-mail (its column's size). */
export const INVITED_NAME_MAX = 200;

const fail = (problems: FieldProblem[]): never => {
  throw new ValidationError(problems.slice(0, 1000), problems.slice(0, 20).map((p) => `${p.field}: ${p.message}`).join('; '));
};

/**
 * Organizers add participants (approved at once) and accepted meetings in bulk, as when a partner
 * event sends its list: as JSON or as a CSV/XLSX file. All rows are written, or none and every bad
 * row is reported.
 */
@Injectable()
export class EventBulk {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
    private readonly mailer: Mailer,
    private readonly env: AppEnv,
  ) {}

  private async forBulk(manager: EntityManager, actor: Actor, eventId: string): Promise<MatchmakingEvent> {
    const event = assertManages(actor, await manager.findOne(MatchmakingEvent, { where: { id: eventId }, lock: { mode: 'pessimistic_write' } }), eventId);
    if (FINAL.includes(event.status) || event.status === 'draft') throw new InvalidStateError(event.status, 'add in bulk', undefined, `bulk additions need an event that is open (registration to live); it is ${event.status}`);
    return event;
  }

  async addParticipants(actor: Actor, eventId: string, rows: BulkParticipant[], label = (i: number) => `participants.${i}`): Promise<BulkResult> {
    if (rows.length > MAX_ROWS) throw ValidationError.of('participants', 'arrayMaxSize', `at most ${MAX_ROWS} rows at once`);
    return this.dataSource.transaction(async (manager) => {
      const event = await this.forBulk(manager, actor, eventId);
      const codes = rows.map((r) => r.creditCode?.trim().toUpperCase()).filter((c): c is string => !!c);
      const ids = rows.map((r) => r.organizationId).filter((c): c is string => !!c && UUID.test(c));
      const emails = rows.map((r) => r.email?.trim().toLowerCase()).filter((e): e is string => !!e);
      const orgs = await manager.find(Organization, { where: [{ creditCode: In(codes) }, { id: In(ids) }] });
      const users: Array<{ email: string; organization_id: string }> = emails.length
        ? // Signing up proves no address: only a verified organisation is taken for its member's address; any other gets an invitation (a code mailed there).
          await manager.query(
            `SELECT u.email, u.organization_id FROM users u JOIN organizations o ON o.id = u.organization_id WHERE u.email = ANY($1::text[]) AND u.active AND o.verified`,
            [emails],
          )
        : [];
      const byCode = new Map(orgs.map((o) => [o.creditCode, o.id]));
      const byId = new Set(orgs.map((o) => o.id));
      const byEmail = new Map(users.map((u) => [u.email, u.organization_id]));
      const problems: FieldProblem[] = [];
      // Each row becomes an organisation id, or an invitation (an e-mail nobody on the platform uses).
      const resolved = rows.map((row, i): { organizationId: string } | { email: string } | null => {
        const at = (field: string, code: string, message: string) => problems.push({ field: `${label(i)}.${field}`, code, message });
        if (!ParticipantSides.is(row.side)) at('side', 'isIn', `side must be one of ${ParticipantSides.codes.join(', ')}`);
        problems.push(...participantProblems(event, { sessionKeys: row.sessionKeys ?? [] }, `${label(i)}.`));
        if (row.organizationId) return byId.has(row.organizationId) ? { organizationId: row.organizationId } : (at('organizationId', 'unknown', 'no registered organisation has this id'), null);
        if (row.creditCode) {
          const id = byCode.get(row.creditCode.trim().toUpperCase());
          return id ? { organizationId: id } : (at('creditCode', 'unknown', 'no registered organisation has this 统一社会信用代码 (give an email to invite it)'), null);
        }
        const email = row.email?.trim().toLowerCase();
        if (!email) return (at('creditCode', 'required', 'give organizationId, creditCode or email'), null);
        if ((row.organizationName?.trim().length ?? 0) > INVITED_NAME_MAX) return (at('organizationName', 'maxLength', `organizationName must be at most ${INVITED_NAME_MAX} characters`), null);
        // The check the JSON route's DTO makes: an address a mailer would read otherwise ("a,b@x.cn" mails b@x.cn) is refused.
        if (!isEmail(email) || email.length > 254) return (at('email', 'isEmail', 'email must be an e-mail address'), null);
        const id = byEmail.get(email);
        return id ? { organizationId: id } : { email };
      });
      const seen = new Map<string, number>();
      resolved.forEach((target, i) => {
        const key = target && ('organizationId' in target ? target.organizationId : target.email);
        if (!key) return;
        if (seen.has(key)) problems.push({ field: `${label(i)}.${rows[i].creditCode ? 'creditCode' : rows[i].email ? 'email' : 'organizationId'}`, code: 'duplicate', message: `the same organisation as ${label(seen.get(key)!)}` });
        seen.set(key, i);
      });
      if (problems.length) fail(problems);
      const orgIds = resolved.flatMap((t) => (t && 'organizationId' in t ? [t.organizationId] : []));
      const existing = new Map((await manager.findBy(EventParticipant, { eventId, organizationId: In(orgIds) })).map((p) => [p.organizationId, p]));
      // A side decides whom a participant may book and whether it meets at all (observers do not): it changes
      // only while nothing stands on it — no open request, no active meeting.
      const switching = rows.flatMap((row, i) => {
        const target = resolved[i];
        const current = target && 'organizationId' in target ? existing.get(target.organizationId) : undefined;
        return current && current.side !== row.side ? [{ i, current, side: row.side }] : [];
      });
      if (switching.length) {
        const busy: Array<{ id: string; requests: number; meetings: number; pitches: number }> = await manager.query(
          `SELECT p.id,
                  (SELECT count(*)::int FROM meeting_requests r WHERE (r.requester_id = p.id OR r.counterpart_id = p.id) AND r.status IN ('pending', 'accepted')) AS requests,
                  (SELECT count(*)::int FROM meetings m WHERE (m.requester_id = p.id OR m.counterpart_id = p.id) AND m.status <> 'cancelled') AS meetings,
                  (SELECT count(*)::int FROM roadshow_pitches rp WHERE rp.participant_id = p.id) AS pitches
             FROM event_participants p WHERE p.id = ANY($1::uuid[])`,
          [switching.map((s) => s.current.id)],
        );
        const busyById = new Map(busy.map((b) => [b.id, b]));
        for (const { i, current, side } of switching) {
          const b = busyById.get(current.id)!;
          if (b.requests || b.meetings) problems.push({ field: `${label(i)}.side`, code: 'has_meetings', message: `this participant is ${current.side} with ${b.requests} open requests and ${b.meetings} meetings; cancel them (or withdraw it) before changing its side` });
          // The presenter of a pitch is not an observer, as when the pitch is added.
          else if (side === 'observer' && b.pitches) problems.push({ field: `${label(i)}.side`, code: 'presenter', message: `this participant presents ${b.pitches} roadshow pitch(es); take them off the programme before making it an observer` });
        }
      }
      // A new choice of sessions must leave each accepted request a session both attend, as when the participant changes it.
      for (const [i, row] of rows.entries()) {
        const target = resolved[i];
        const current = target && 'organizationId' in target ? existing.get(target.organizationId) : undefined;
        if (current && row.sessionKeys && row.sessionKeys.join() !== current.sessionKeys.join()) {
          problems.push(...(await strandedRequestProblems(manager, event, current, row.sessionKeys, `${label(i)}.sessionKeys`)));
        }
      }
      if (problems.length) fail(problems);
      // Organisations this approves that were not approved before count against the event's 名额.
      const newlyApproved = resolved.filter((t) => t && 'organizationId' in t && existing.get(t.organizationId)?.status !== 'approved').length;
      await assertRoomFor(manager, event, newlyApproved);
      const result: BulkResult = { created: 0, updated: 0, unchanged: 0, invited: 0 };
      const now = new Date();
      for (const [i, row] of rows.entries()) {
        const target = resolved[i]!;
        if ('email' in target) {
          // Mailed once, when first invited: importing the same list again sends nothing.
          const known = await manager.existsBy(EventInvitation, { eventId, email: target.email });
          await manager.upsert(
            EventInvitation,
            { eventId, email: target.email, organizationName: row.organizationName?.trim() || null, side: row.side, sessionKeys: row.sessionKeys ?? [], invitedBy: actor.userId },
            ['eventId', 'email'],
          );
          if (!known) {
            const { id } = await manager.findOneByOrFail(EventInvitation, { eventId, email: target.email });
            const mail = eventInvitationMail({ publicUrl: this.mailer.publicUrl, email: target.email, eventId, eventTitle: event.title, token: eventInvitationToken(this.env.jwtSecret, id) });
            // Sensitive: the token in it approves whoever holds it; the organizers' list has it again.
            await this.mailer.queue(manager, { ...mail, kind: 'event.invitation', to: target.email, sensitive: true });
          }
          result.invited!++;
          continue;
        }
        const current = existing.get(target.organizationId);
        const sessionKeys = row.sessionKeys ?? current?.sessionKeys ?? [];
        if (current && current.status === 'approved' && current.side === row.side && sessionKeys.join() === current.sessionKeys.join()) {
          result.unchanged++;
        } else if (current) {
          await manager.update(EventParticipant, { id: current.id }, { side: row.side, sessionKeys, status: 'approved', decidedAt: now, version: current.version + 1 });
          // A registration waiting (or turned away before) learns it is in, as when approved one by one.
          if (current.status !== 'approved') await noticeOfDecision(manager, event, { ...current, status: 'approved' });
          result.updated++;
        } else {
          const added = manager.create(EventParticipant, {
            eventId, organizationId: target.organizationId, side: row.side, status: 'approved', sessionKeys, unavailableSlots: [], fixedTable: null,
            checkInCode: newCheckInCode(), checkedInAt: null, registeredBy: actor.userId, decidedAt: now, version: 1,
          });
          await manager.insert(EventParticipant, added);
          await noticeOfDecision(manager, event, added);
          result.created++;
        }
      }
      await this.audit.record(manager, actor, { action: 'event.participants.bulk', resourceType: 'event', resourceId: eventId, organizationId: event.organizerOrganizationId, details: { ...result } });
      return result;
    });
  }

  async addMeetings(actor: Actor, eventId: string, rows: BulkMeeting[], label = (i: number) => `meetings.${i}`): Promise<BulkResult> {
    if (rows.length > MAX_ROWS) throw ValidationError.of('meetings', 'arrayMaxSize', `at most ${MAX_ROWS} rows at once`);
    return this.dataSource.transaction(async (manager) => {
      const event = await this.forBulk(manager, actor, eventId);
      const participants = await manager.findBy(EventParticipant, { eventId, status: 'approved' });
      const orgs = await manager.findBy(Organization, { id: In(participants.map((p) => p.organizationId)) });
      const lookup = new Map<string, EventParticipant>();
      const byOrg = new Map(participants.map((p) => [p.organizationId, p]));
      for (const p of participants) lookup.set(p.id, p).set(p.organizationId, p);
      for (const o of orgs) lookup.set(o.creditCode, byOrg.get(o.id)!);
      const problems: FieldProblem[] = [];
      const pairs = rows.map((row, i) => {
        const [a, b] = (['requester', 'counterpart'] as const).map((field) => {
          const p = lookup.get(String(row[field] ?? '').trim()) ?? lookup.get(String(row[field] ?? '').trim().toUpperCase());
          if (!p) problems.push({ field: `${label(i)}.${field}`, code: 'not_participant', message: 'not an approved participant of this event (by participant id, organisation id or credit code)' });
          return p;
        });
        if (a && b && a.id === b.id) problems.push({ field: `${label(i)}.counterpart`, code: 'self', message: 'a meeting needs two different participants' });
        for (const [field, p] of [['requester', a], ['counterpart', b]] as const) {
          if (p?.side === 'observer') problems.push({ field: `${label(i)}.${field}`, code: 'observer', message: 'an observer does not take meetings' });
        }
        if (row.sessionKey && !event.sessions.some((s) => s.key === row.sessionKey)) problems.push({ field: `${label(i)}.sessionKey`, code: 'isIn', message: `no session ${row.sessionKey}` });
        else if (row.sessionKey && [a, b].some((p) => p?.sessionKeys.length && !p.sessionKeys.includes(row.sessionKey!))) {
          problems.push({ field: `${label(i)}.sessionKey`, code: 'not_attended', message: `a participant of this meeting does not attend session ${row.sessionKey}` });
        }
        if (row.priority !== undefined && !(Number.isInteger(row.priority) && row.priority >= 1 && row.priority <= 5)) problems.push({ field: `${label(i)}.priority`, code: 'range', message: 'priority is an integer from 1 to 5' });
        return a && b ? { a, b } : null;
      });
      if (problems.length) fail(problems);
      const open = new Map((await manager.findBy(MeetingRequest, { eventId, status: In(['pending', 'accepted']) })).map((r) => [r.pairKey, r]));
      // Two participants meet once: a pair that already met is not booked again, as when placed by hand (the
      // accepted request of their held meeting, listed again, is left as it is).
      const met = await pairsThatMet(manager, eventId, pairs.flatMap((p) => [p!.a.id, p!.b.id]));
      pairs.forEach((p, i) => {
        const key = pairKeyOf(p!.a.id, p!.b.id);
        if (met.has(key) && open.get(key)?.status !== 'accepted') problems.push({ field: `${label(i)}.counterpart`, code: 'already_met', message: ALREADY_MET });
      });
      if (problems.length) fail(problems);
      const result: BulkResult = { created: 0, updated: 0, unchanged: 0 };
      const now = new Date();
      for (const [i, row] of rows.entries()) {
        const { a, b } = pairs[i]!;
        const key = pairKeyOf(a.id, b.id);
        const current = open.get(key);
        if (current?.status === 'accepted') {
          result.unchanged++;
        } else if (current) {
          await manager.update(MeetingRequest, { id: current.id }, { status: 'accepted', respondedAt: now, respondedBy: actor.userId, priority: row.priority ?? current.priority, version: current.version + 1 });
          current.status = 'accepted';
          result.updated++;
        } else {
          const created = manager.create(MeetingRequest, {
            eventId, requesterId: a.id, counterpartId: b.id, pairKey: key, matchId: null, priority: row.priority ?? 1, message: null, sessionKey: row.sessionKey || null,
            status: 'accepted', source: 'organizer', createdBy: actor.userId, respondedAt: now, respondedBy: actor.userId, version: 1,
          });
          await manager.insert(MeetingRequest, created as never);
          open.set(key, created);
          result.created++;
        }
      }
      await this.audit.record(manager, actor, { action: 'event.meetings.bulk', resourceType: 'event', resourceId: eventId, organizationId: event.organizerOrganizationId, details: { ...result } });
      return result;
    });
  }

  /** The same, from a spreadsheet; problems name the spreadsheet row and column. */
  async importParticipants(actor: Actor, eventId: string, file: { originalName: string; content: Buffer }): Promise<BulkResult> {
    const { rows, problems, rowNumbers } = await readRows(file, PARTICIPANT_COLUMNS, ['side']);
    const parsed = rows.map((cells, i) => {
      const side = ParticipantSides.is(cells.side) ? cells.side : ParticipantSides.fromLabel(cells.side ?? '');
      if (!side) problems.push({ field: `row ${rowNumbers[i]}.角色`, code: 'isIn', message: `角色 must be one of ${ParticipantSides.codes.map((c) => ParticipantSides.label(c)).join(', ')}` });
      return { creditCode: cells.creditCode || undefined, email: cells.email || undefined, organizationName: cells.organizationName || undefined, side: side as ParticipantSide, sessionKeys: splitList(cells.sessionKeys) };
    });
    if (problems.length) fail(problems);
    return this.addParticipants(actor, eventId, parsed, (i) => `row ${rowNumbers[i]}`);
  }

  async importMeetings(actor: Actor, eventId: string, file: { originalName: string; content: Buffer }): Promise<BulkResult> {
    const { rows, problems, rowNumbers } = await readRows(file, MEETING_COLUMNS, ['requester', 'counterpart']);
    const parsed = rows.map((cells) => ({
      requester: cells.requester ?? '', counterpart: cells.counterpart ?? '', sessionKey: cells.sessionKey || undefined,
      priority: cells.priority ? Number(cells.priority) : undefined,
    }));
    if (problems.length) fail(problems);
    return this.addMeetings(actor, eventId, parsed, (i) => `row ${rowNumbers[i]}`);
  }
}

const splitList = (text: string | undefined): string[] => (text ? text.split(/[;,，；、\s]+/).map((s) => s.trim()).filter(Boolean) : []);

async function readRows<K extends string>(
  file: { originalName: string; content: Buffer },
  columns: Record<K, string[]>,
  required: NoInfer<K>[],
): Promise<{ rows: Array<Partial<Record<K, string>>>; problems: FieldProblem[]; rowNumbers: number[] }> {
  const format = /\.xlsx$/i.test(file.originalName) ? 'xlsx' : /\.csv$/i.test(file.originalName) ? 'csv' : null;
  if (!format) throw ValidationError.of('file', 'format', 'file must be a .csv or .xlsx spreadsheet');
  let sheet;
  try {
    sheet = await readSpreadsheet(format, file.content, MAX_ROWS);
  } catch (err) {
    if (err instanceof TooManyRowsError) throw ValidationError.of('file', 'too_many_rows', `at most ${MAX_ROWS} rows`);
    if (err instanceof UnreadableFileError) throw ValidationError.of('file', 'unreadable', err.message);
    throw err;
  }
  const index = {} as Record<K, number>;
  const problems: FieldProblem[] = [];
  for (const [key, names] of Object.entries(columns) as Array<[K, string[]]>) {
    index[key] = sheet.headers.findIndex((h) => names.includes(h));
    if (index[key] < 0 && required.includes(key)) problems.push({ field: `file.${names[0]}`, code: 'missing_column', message: `the header row has no ${names[0]} column` });
  }
  if (problems.length) fail(problems);
  const rows = sheet.rows.map(({ cells }) => Object.fromEntries((Object.keys(columns) as K[]).map((k) => [k, index[k] >= 0 ? (cells[index[k]] ?? '').trim() : undefined])) as Partial<Record<K, string>>);
  return { rows, problems, rowNumbers: sheet.rows.map((r) => r.row) };
}
