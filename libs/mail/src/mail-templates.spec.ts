import { chinaDate, chinaTime, DIGEST_MAX_LISTED, eventInvitationMail, expertAppointmentMail, expertPoolDecisionMail, passwordChangedMail, linkTo, noticeDigestMail, organizationInvitationMail, passwordResetMail } from './mail-templates';

describe('mail templates', () => {
  it('builds links under the public address, with the query encoded', () => {
    expect(linkTo('https://kj.example.cn/portal', 'reset-password', { token: 'a+b/c=' })).toBe('https://kj.example.cn/portal/reset-password?token=a%2Bb%2Fc%3D');
    expect(linkTo('http://localhost:3000', 'events/42')).toBe('http://localhost:3000/events/42');
  });

  it('gives an invitation its link, its code and its last day in China time', () => {
    const mail = organizationInvitationMail({
      publicUrl: 'https://kj.example.cn',
      organizationName: '沈阳精工机械有限公司',
      inviterName: '王经理',
      memberRole: 'admin',
      token: 'tok-123',
      // 16:30 UTC is already the next day in China.
      expiresAt: new Date('2026-12-21T16:30:00Z'),
    });
    expect(mail.subject).toBe('「沈阳精工机械有限公司」邀请您加入科技成果转化对接平台');
    expect(mail.body).toContain('以管理员身份加入');
    expect(mail.body).toContain('https://kj.example.cn/register?invitation=tok-123');
    expect(mail.body).toContain('2026年12月22日');
  });

  it('says who asked for a password reset', () => {
    const own = passwordResetMail({ publicUrl: 'http://x', displayName: '李工', email: 'li@x.cn', token: 't', selfService: true });
    const admin = passwordResetMail({ publicUrl: 'http://x', displayName: '李工', email: 'li@x.cn', token: 't', selfService: false });
    expect(own.body).toContain('我们收到了重置账号 li@x.cn 登录密码的申请');
    expect(admin.body).toContain('管理员为您的账号 li@x.cn 签发了密码重置');
    expect(own.body).toContain('http://x/reset-password?token=t');
  });

  it('tells an invited organisation to sign up and register with the invitation’s code', () => {
    const mail = eventInvitationMail({ publicUrl: 'http://x', email: 'contact@firm.cn', eventId: 'e1', eventTitle: '智能制造专场对接会', token: 'inv.sig' });
    expect(mail.subject).toBe('邀请参加对接会「智能制造专场对接会」');
    expect(mail.body).toContain('http://x/register?email=contact%40firm.cn');
    expect(mail.body).toContain('http://x/events/e1?invitation=inv.sig');
    expect(mail.body).toContain('邀请码（仅限贵单位使用一次）：\ninv.sig');
  });

  it('tells the owner of an address that its password was set, and what to do if it was not them', () => {
    const mail = passwordChangedMail({ publicUrl: 'https://kj.example.cn', displayName: '张工', email: 'zhang@example.cn', at: new Date('2026-12-07T02:30:00Z'), viaReset: true });
    expect(mail.subject).toBe('您在科技成果转化对接平台的登录密码已修改');
    expect(mail.body).toContain('账号 zhang@example.cn 的登录密码已于 12/7 10:30（北京时间）通过重置链接修改');
    expect(mail.body).toContain('https://kj.example.cn/forgot-password');
    expect(passwordChangedMail({ publicUrl: 'http://x', displayName: '张工', email: 'z@x', at: new Date(), viaReset: false }).body).toContain('在个人设置中修改');
  });

  it('tells an expert of an organizer’s decision on their pool entry', () => {
    const approved = expertPoolDecisionMail({ publicUrl: 'https://kj.example.cn', displayName: '李教授', approved: true });
    expect(approved.subject).toBe('您已入选科技成果转化对接平台专家库');
    expect(approved.body).toMatch(/^李教授，您好/);
    expect(approved.body).toContain('https://kj.example.cn/me/expert-profile');
    const revoked = expertPoolDecisionMail({ publicUrl: 'https://kj.example.cn', displayName: '李教授', approved: false });
    expect(revoked.subject).toContain('已撤回');
    expect(revoked.body).toContain('已有的评审任务不受影响');
  });

  it('tells an appointed expert which challenge and which stages', () => {
    const mail = expertAppointmentMail({ publicUrl: 'http://x', displayName: '李教授', challengeTitle: '高端轴承寿命提升', stageLabels: ['初评', '综合论证'] });
    expect(mail.subject).toBe('邀请您担任揭榜挂帅项目「高端轴承寿命提升」的评审专家');
    expect(mail.body).toContain('参加初评、综合论证阶段的评分');
    expect(mail.body).toContain('http://x/review-assignments');
  });

  it('lists at most twenty notices of a digest, newest first as given, and counts the rest', () => {
    const notices = Array.from({ length: 25 }, (_, i) => ({ title: `通知${i}`, body: `正文${i}\n第二行 `.repeat(i === 0 ? 30 : 1), createdAt: new Date(Date.UTC(2026, 11, 7, 8, i)) }));
    const mail = noticeDigestMail({ publicUrl: 'http://x', displayName: '李工', organizationName: '沈阳精工', notices, total: 25 });
    expect(mail.subject).toBe('「沈阳精工」有 25 条新通知');
    expect(mail.body.match(/^· /gm)).toHaveLength(DIGEST_MAX_LISTED);
    expect(mail.body).toContain('通知19');
    expect(mail.body).not.toContain('通知20');
    expect(mail.body).toContain('……另有 5 条');
    expect(mail.body).toContain(`· ${chinaTime(notices[0]!.createdAt)}  通知0`);
    // A long body is one clipped line.
    expect(mail.body).toMatch(/正文0 第二行 正文0.*…\n/);
    expect(mail.body).toContain('http://x/notifications');
  });

  it('reads days in China time', () => {
    expect(chinaDate(new Date('2026-01-31T15:59:59Z'))).toBe('2026年1月31日');
    expect(chinaDate(new Date('2026-01-31T16:00:00Z'))).toBe('2026年2月1日');
    expect(chinaTime(new Date('2026-01-31T16:05:00Z'))).toBe('2/1 00:05');
  });
});
