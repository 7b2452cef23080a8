import { buildDemoCatalog } from './demo-catalog';
import { buildDemoChallenges } from './demo-challenges';

const catalog = buildDemoCatalog();
const round = buildDemoChallenges(catalog);
const orgs = new Map(catalog.organizations.map((o) => [o.key, o]));
const demands = new Map(catalog.demands.map((d) => [d.externalRef, d]));
const achievements = new Map(catalog.achievements.map((a) => [a.externalRef, a]));

describe('the demo 揭榜挂帅 round', () => {
  it('is the same on every build, and starts with the demo enterprise’s own challenges', () => {
    expect(buildDemoChallenges(buildDemoCatalog())).toEqual(round);
    expect(round.challenges.length).toBeGreaterThanOrEqual(2);
    expect(round.challenges[0]!.owner).toBe(catalog.organizations.find((o) => o.type === 'enterprise')!.key);
    expect(orgs.get(round.organizer)?.type).toBe('government');
  });

  it('has research teams apply, once each, to published challenges they may read, with their own published achievements', () => {
    for (const c of round.challenges) {
      const challenge = demands.get(c.challengeRef)!;
      expect(challenge).toMatchObject({ owner: c.owner, status: 'published' });
      expect(challenge.challenge).toBeDefined();
      expect(challenge.visibility).not.toBe('confidential');
      const applicants = c.applications.map((a) => a.applicant);
      expect(new Set(applicants).size).toBe(applicants.length);
      for (const a of c.applications) {
        expect(['university', 'institute']).toContain(orgs.get(a.applicant)?.type);
        if (a.achievementRef) expect(achievements.get(a.achievementRef)).toMatchObject({ owner: a.applicant, status: 'published' });
        expect(a.proposal.length).toBeGreaterThanOrEqual(20);
        expect(a.budgetWan).toBeGreaterThan(0);
        expect(a.milestones.map((m) => m.inDays)).toEqual([...a.milestones.map((m) => m.inDays)].sort((x, y) => x - y));
      }
    }
  });

  it('reviews stage by stage, rejects with a reason, and records a contract for each award, registered after it was signed', () => {
    const all = round.challenges.flatMap((c) => c.applications);
    expect(new Set(all.map((a) => a.outcome))).toEqual(new Set(['awarded', 'rejected', 'at_site', 'scored', 'submitted']));
    for (const a of all) {
      expect(a.scores.map((s) => s.stage)).toEqual(['desk', 'site', 'panel'].slice(0, a.scores.length));
      for (const s of a.scores) for (const v of s.values) expect(v).toBeGreaterThanOrEqual(0);
      if (a.outcome === 'rejected') expect(a.note).toBeTruthy();
      expect(a.deal !== null).toBe(a.outcome === 'awarded');
      if (a.outcome === 'awarded') expect(a.scores).toHaveLength(3);
      if (a.deal?.registeredDaysAgo != null) expect(a.deal.registeredDaysAgo).toBeLessThanOrEqual(a.deal.signedDaysAgo);
    }
    expect(all.filter((a) => a.deal?.registeredDaysAgo != null).length).toBeGreaterThanOrEqual(1);
  });

  it('follows the awarded projects: reports on the first milestone, one completion waiting for the demo enterprise', () => {
    const awarded = round.challenges.flatMap((c) => c.applications.map((a) => ({ owner: c.owner, a }))).filter(({ a }) => a.outcome === 'awarded');
    for (const { a } of awarded) expect(a.reports.map((r) => r.kind)).toEqual(['progress', 'completion']);
    const waiting = awarded.filter(({ a }) => !a.completionAccepted);
    expect(waiting.map(({ owner }) => owner)).toEqual([catalog.organizations.find((o) => o.type === 'enterprise')!.key]);
    for (const c of round.challenges) for (const a of c.applications) if (a.outcome !== 'awarded') expect(a.reports).toEqual([]);
  });

  it('appoints one outside expert, from a research organisation neither owning nor applying, to a review still under way', () => {
    const withExpert = round.challenges.filter((c) => c.expert);
    expect(withExpert).toHaveLength(1);
    const [c] = withExpert;
    const expert = c!.expert!;
    expect(['university', 'institute']).toContain(orgs.get(expert.org)?.type);
    expect([c!.owner, ...c!.applications.map((a) => a.applicant)]).not.toContain(expert.org);
    expect(orgs.get(expert.org)!.users.map((u) => u.email)).toContain(expert.email);
    expect(c!.applications.map((a) => a.outcome)).toContain('at_site');
    expect(expert.stages).toContain('site');
    expect(expert.profile.fieldCodes.length).toBeGreaterThanOrEqual(1);
    expect(expert.profile.fieldCodes.length).toBeLessThanOrEqual(5);
  });
});
