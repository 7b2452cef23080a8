// Loads the demo data set through the running API, exactly as users would create it: sign-ups,
// invitations, role grants, verification, items and their lifecycle steps.
import type { DemoCatalog, DemoOrganization } from '../demo/demo-catalog';
import { buildDemoChallenges } from '../demo/demo-challenges';
import { buildDemoDisclosures } from '../demo/demo-disclosures';
import { buildDemoEvent, buildDemoOpenEvent } from '../demo/demo-event';
import { Api, inParallel, type Session } from './demo-api';
import { brochurePdf } from './demo-brochure';
import { type DemoChallengesLoaded, loadDemoChallenges } from './demo-challenge-loader';
import { type DemoEventsLoaded, loadDemoEvents } from './demo-event-loader';
import { type DemoPipelineLoaded, loadDemoPipeline } from './demo-pipeline-loader';
import { type DemoDisclosuresLoaded, loadDemoDisclosures } from './demo-disclosure-loader';

const days = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

const STEPS: Record<string, string[]> = {
  draft: [],
  published: ['publish'],
  in_negotiation: ['publish', 'start_negotiation'],
  solved: ['publish', 'solve'],
  transferred: ['publish', 'transfer'],
  closed: ['publish', 'close'],
};

const BROCHURES = 5;

export interface DemoLoaded {
  organizations: number;
  demands: number;
  achievements: number;
  /** Public achievements given a brochure (附件 成果简介.pdf). */
  brochures: number;
  events: DemoEventsLoaded;
  challenges: DemoChallengesLoaded;
  pipeline: DemoPipelineLoaded;
  disclosures: DemoDisclosuresLoaded;
}

export async function loadDemoData(base: string, admin: { email: string; password: string }, catalog: DemoCatalog, password: string): Promise<DemoLoaded> {
  const api = new Api(base);
  const adminSession = await api.session('/auth/login', admin);
  const owners = new Map<string, Session>();

  await inParallel(catalog.organizations, async (org: DemoOrganization) => {
    const [first, ...others] = org.users;
    const owner = await api.session('/auth/register', {
      email: first.email,
      password,
      displayName: first.displayName,
      organization: { type: org.type, name: org.name, creditCode: org.creditCode, regionCode: org.regionCode, fields: org.fields, size: org.size, tiers: org.tiers, description: org.description },
    });
    owners.set(org.key, owner);
    await api.call('POST', `/admin/organizations/${owner.organizationId}/verify`, {}, adminSession.token);
    for (const user of others) {
      const role = user.memberRole === 'owner' ? 'admin' : user.memberRole;
      const invitation = await api.call<{ token: string }>('POST', `/organizations/${owner.organizationId}/invitations`, { email: user.email, memberRole: role }, owner.token);
      const member = await api.session('/auth/register', { email: user.email, password, displayName: user.displayName, invitationToken: invitation.token });
      if (org.type === 'agency') await api.call('PUT', `/admin/users/${member.userId}/roles/broker`, undefined, adminSession.token);
    }
    // Agencies' owners broker too, and the government's staff organise events.
    if (org.type === 'agency') await api.call('PUT', `/admin/users/${owner.userId}/roles/broker`, undefined, adminSession.token);
    if (org.type === 'government') await api.call('PUT', `/admin/users/${owner.userId}/roles/organizer`, undefined, adminSession.token);
  });

  const ids = new Map<string, string>(); // externalRef → id
  const create = async (kind: 'demands' | 'achievements', owner: string, body: Record<string, unknown> & { externalRef: string }, status: string) => {
    const session = owners.get(owner);
    if (!session) throw new Error(`demo item owned by unknown organisation ${owner}`);
    const item = await api.call<{ id: string }>('POST', `/${kind}`, body, session.token);
    ids.set(body.externalRef, item.id);
    for (const action of STEPS[status] ?? []) await api.call('POST', `/${kind}/${item.id}/actions/${action}`, {}, session.token);
  };

  await inParallel(catalog.demands, async ({ owner, status, validUntilDays, challenge, ...demand }) => {
    const body = {
      ...demand,
      validUntil: days(validUntilDays),
      ...(challenge ? { challenge: { rewardWan: challenge.rewardWan, deadline: days(challenge.deadlineDays), evaluationPlan: challenge.evaluationPlan } } : {}),
    };
    await create('demands', owner, body, status);
  });
  await inParallel(catalog.achievements, async ({ owner, status, ...achievement }) => create('achievements', owner, achievement, status));
  // A brochure for the first public achievements listed, so there is a document to download.
  const withBrochure = catalog.achievements.filter((a) => a.status === 'published' && a.visibility === 'public').slice(0, BROCHURES);
  await inParallel(withBrochure, async (a) => {
    const content = brochurePdf(['TechBridge demo brochure', a.externalRef, `TRL ${a.trl}`, 'Contact the team through the platform.']);
    await api.upload(`/achievements/${ids.get(a.externalRef)}/attachments`, { name: '成果简介.pdf', type: 'application/pdf', content }, owners.get(a.owner)!.token);
  });
  const ownerEmail = new Map(catalog.organizations.map((o) => [o.key, o.users[0].email]));
  const signIn = (orgKey: string) => api.session('/auth/login', { email: ownerEmail.get(orgKey), password });
  const events = await loadDemoEvents(api, signIn, buildDemoEvent(catalog), buildDemoOpenEvent(), ids);
  const challenges = await loadDemoChallenges(api, signIn, buildDemoChallenges(catalog), ids);
  // The demo user's organisation (the first enterprise) follows up its best matches.
  const pipeline = await loadDemoPipeline(api, await signIn(catalog.organizations.find((o) => o.type === 'enterprise')!.key));
  const disclosures = await loadDemoDisclosures(api, signIn, buildDemoDisclosures(catalog), ids);
  return { organizations: catalog.organizations.length, demands: catalog.demands.length, achievements: catalog.achievements.length, brochures: withBrochure.length, events, challenges, pipeline, disclosures };
}
