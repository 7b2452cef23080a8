/**
 * The texts of the platform's e-mail, in the users' language. Pure functions of what each
 * message needs: nothing here reads the database, and nothing confidential is ever passed in.
 */
export interface MailContent {
  subject: string;
  body: string;
}

/** Where a link in a mail leads: the platform's web address, the page and its query. */
export function linkTo(publicUrl: string, path: string, query: Record<string, string> = {}): string {
  const url = new URL(path, `${publicUrl}/`);
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
  return url.toString();
}

const SIGN_OFF = '\n\n——\n本邮件由科技成果转化对接平台自动发送，请勿直接回复。';

const MEMBER_ROLE_LABEL: Record<string, string> = { owner: '负责人', admin: '管理员', member: '成员' };

export function organizationInvitationMail(input: {
  publicUrl: string;
  organizationName: string;
  inviterName: string;
  memberRole: string;
  token: string;
  expiresAt: Date;
}): MailContent {
  const link = linkTo(input.publicUrl, 'register', { invitation: input.token });
  return {
    subject: `「${input.organizationName}」邀请您加入科技成果转化对接平台`,
    body:
      `您好：\n\n${input.inviterName}邀请您以${MEMBER_ROLE_LABEL[input.memberRole] ?? '成员'}身份加入「${input.organizationName}」在科技成果转化对接平台的账号。\n\n` +
      `请在 ${chinaDate(input.expiresAt)} 前打开以下链接完成注册：\n${link}\n\n如链接无法打开，请在注册页面填写邀请码：\n${input.token}\n\n` +
      `如果您不认识邀请人，请忽略本邮件。` +
      SIGN_OFF,
  };
}

export function passwordResetMail(input: { publicUrl: string; displayName: string; email: string; token: string; selfService: boolean }): MailContent {
  const link = linkTo(input.publicUrl, 'reset-password', { token: input.token });
  const why = input.selfService ? `我们收到了重置账号 ${input.email} 登录密码的申请。` : `管理员为您的账号 ${input.email} 签发了密码重置。`;
  return {
    subject: '重置您在科技成果转化对接平台的登录密码',
    body:
      `${input.displayName}，您好：\n\n${why}\n\n请在 24 小时内打开以下链接设置新密码：\n${link}\n\n如链接无法打开，请在重置页面填写重置码：\n${input.token}\n\n` +
      `设置新密码后，该账号的所有登录都将退出。如果这不是您本人的操作，请忽略本邮件，您的密码不会改变。` +
      SIGN_OFF,
  };
}

/** After a password was set (changed by the user, or with a reset token): the owner of the address hears of it, in case it was not them. */
export function passwordChangedMail(input: { publicUrl: string; displayName: string; email: string; at: Date; viaReset: boolean }): MailContent {
  return {
    subject: '您在科技成果转化对接平台的登录密码已修改',
    body:
      `${input.displayName}，您好：\n\n账号 ${input.email} 的登录密码已于 ${chinaTime(input.at)}（北京时间）${input.viaReset ? '通过重置链接' : '在个人设置中'}修改，所有设备上的登录都已退出。\n\n` +
      `如果这不是您本人的操作，请立即通过“忘记密码”重新设置密码，并联系平台运营方：\n${linkTo(input.publicUrl, 'forgot-password')}` +
      SIGN_OFF,
  };
}

/** `token`: what the invited organisation registers for the event with (single use); it is in the link and given as a code. */
export function eventInvitationMail(input: { publicUrl: string; email: string; eventId: string; eventTitle: string; token: string }): MailContent {
  return {
    subject: `邀请参加对接会「${input.eventTitle}」`,
    body:
      `您好：\n\n主办方邀请贵单位参加对接会「${input.eventTitle}」。\n\n` +
      `贵单位尚未注册平台账号的，请先注册：\n${linkTo(input.publicUrl, 'register', { email: input.email })}\n\n` +
      `注册或登录后，通过以下链接报名本场对接会，无需再经主办方审核：\n${linkTo(input.publicUrl, `events/${input.eventId}`, { invitation: input.token })}\n\n` +
      `如链接无法打开，报名时请填写邀请码（仅限贵单位使用一次）：\n${input.token}` +
      SIGN_OFF,
  };
}

export function expertAppointmentMail(input: { publicUrl: string; displayName: string; challengeTitle: string; stageLabels: readonly string[] }): MailContent {
  return {
    subject: `邀请您担任揭榜挂帅项目「${input.challengeTitle}」的评审专家`,
    body:
      `${input.displayName}，您好：\n\n您已受邀担任揭榜挂帅项目「${input.challengeTitle}」的评审专家，参加${input.stageLabels.join('、')}阶段的评分。\n\n` +
      `请登录平台查看待评审的揭榜申请：\n${linkTo(input.publicUrl, 'review-assignments')}\n\n评审意见仅您本人可见，请独立评分；如您与申请单位存在利益关系，平台不会请您为其评分。` +
      SIGN_OFF,
  };
}

/** An organizer's decision on a 专家库 entry: approved (入库), or taken back. */
export function expertPoolDecisionMail(input: { publicUrl: string; displayName: string; approved: boolean }): MailContent {
  const profile = linkTo(input.publicUrl, 'me/expert-profile');
  return input.approved
    ? {
        subject: '您已入选科技成果转化对接平台专家库',
        body:
          `${input.displayName}，您好：\n\n您的专家库申请已通过审核。揭榜挂帅项目的发榜单位可在专家库中找到您，并邀请您参加评审；每次邀请都会另行通知您。\n\n` +
          `您的专家信息（职称、技术领域、研究方向）：\n${profile}\n\n如需更新信息或退出专家库，可随时在个人设置中操作。` +
          SIGN_OFF,
      }
    : {
        subject: '您在科技成果转化对接平台专家库的入库资格已撤回',
        body:
          `${input.displayName}，您好：\n\n平台已撤回您在专家库中的入库资格，发榜单位将不能再从专家库中找到您；已有的评审任务不受影响。\n\n` +
          `如有疑问，请联系平台运营方。您的专家信息仍保留，可在个人设置中查看：\n${profile}` +
          SIGN_OFF,
      };
}

/** At most this many notices are spelled out in one digest; the rest are counted. */
export const DIGEST_MAX_LISTED = 20;

export function noticeDigestMail(input: {
  publicUrl: string;
  displayName: string;
  organizationName: string;
  /** Newest first. */
  notices: ReadonlyArray<{ title: string; body: string; createdAt: Date }>;
  total: number;
}): MailContent {
  const listed = input.notices.slice(0, DIGEST_MAX_LISTED).map((n) => `· ${chinaTime(n.createdAt)}  ${n.title}\n  ${clip(n.body, 140)}`);
  const more = input.total > listed.length ? `\n……另有 ${input.total - listed.length} 条\n` : '';
  return {
    subject: `「${input.organizationName}」有 ${input.total} 条新通知`,
    body:
      `${input.displayName}，您好：\n\n「${input.organizationName}」在科技成果转化对接平台有 ${input.total} 条新的未读通知：\n\n${listed.join('\n\n')}\n${more}\n` +
      `查看全部：${linkTo(input.publicUrl, 'notifications')}\n\n您订阅了每日通知邮件；不想再收到时，可在个人设置中关闭。` +
      SIGN_OFF,
  };
}

const clip = (text: string, max: number): string => {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
};

const CHINA_DAY = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: 'long', day: 'numeric' });

/** The calendar day in China, as people read it: 2026年12月21日. */
export const chinaDate = (at: Date): string => CHINA_DAY.format(at);

const CHINA_TIME = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false });

/** A moment in China time, short: 12/21 16:30. */
export const chinaTime = (at: Date): string => CHINA_TIME.format(at);
