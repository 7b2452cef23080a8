// Follows up the demo user's best matches as its staff would, once the worker has matched them, so
// the match pipeline and the conversion funnel have something to show: for two of its demands, the
// three best achievements contacted, two of them met, the best in negotiation; the third of the
// second demand dismissed with a reason. The best of the first is contacted by a message (对接留言);
// on the best of the second, the demo user shares the notes of the meeting (对接资料).
import type { Api, Session } from './demo-api';
import { brochurePdf } from './demo-brochure';

export interface DemoPipelineLoaded {
  followedUp: number;
  met: number;
  negotiating: number;
  dismissed: number;
  /** Matches contacted by a message rather than the bare action. */
  messaged: number;
  /** Matches with a document shared on them. */
  shared: number;
}

const STEPS: ReadonlyArray<ReadonlyArray<readonly string[]>> = [
  [['message', 'meet', 'negotiate'], ['contact', 'meet'], ['contact']],
  [['contact', 'meet', 'share', 'negotiate'], ['contact', 'meet'], ['contact', 'dismiss']],
];
const FIRST_MESSAGE = '您好！我们对贵方这项成果很感兴趣，希望安排一次技术交流，了解中试数据和在我方产线上的适配条件。';
const DISMISS_REASON = '技术路线与现有产线不匹配，暂不推进';
const MEETING_NOTES = brochurePdf(['TechBridge demo: notes of the technical meeting', 'Pilot-line trial: scope, data to exchange, next steps.']);

export async function loadDemoPipeline(api: Api, session: Session): Promise<DemoPipelineLoaded> {
  const own = await api.call<{ items: Array<{ id: string }> }>('GET', `/demands?organizationId=${session.organizationId}&status=published`, undefined, session.token);
  const loaded: DemoPipelineLoaded = { followedUp: 0, met: 0, negotiating: 0, dismissed: 0, messaged: 0, shared: 0 };
  for (const [i, demand] of own.items.slice(0, STEPS.length).entries()) {
    await matchesReady(api, session, demand.id);
    const { items } = await api.call<{ items: Array<{ id: string }> }>('GET', `/demands/${demand.id}/matches?pageSize=3`, undefined, session.token);
    for (const [j, match] of items.slice(0, 3).entries()) {
      const steps = STEPS[i]![j]!;
      for (const step of steps) {
        if (step === 'message') await api.call('POST', `/matches/${match.id}/messages`, { body: FIRST_MESSAGE }, session.token);
        else if (step === 'share') await api.upload(`/matches/${match.id}/documents`, { name: '技术交流纪要.pdf', type: 'application/pdf', content: MEETING_NOTES }, session.token);
        else await api.call('POST', `/matches/${match.id}/actions/${step}`, step === 'dismiss' ? { reason: DISMISS_REASON } : {}, session.token);
      }
      loaded.followedUp++;
      if (steps.includes('meet')) loaded.met++;
      if (steps.includes('negotiate')) loaded.negotiating++;
      if (steps.includes('dismiss')) loaded.dismissed++;
      if (steps.includes('message')) loaded.messaged++;
      if (steps.includes('share')) loaded.shared++;
    }
  }
  return loaded;
}

/** Waits for the worker to store the demand's matches (the whole demo catalogue is being matched meanwhile). */
async function matchesReady(api: Api, session: Session, demandId: string): Promise<void> {
  const deadline = Date.now() + 180_000;
  for (;;) {
    const item = await api.call<{ matching: { state: string } }>('GET', `/demands/${demandId}`, undefined, session.token);
    if (item.matching.state === 'ready') return;
    if (Date.now() > deadline) throw new Error(`the worker did not match demo demand ${demandId} within 3 minutes (${item.matching.state})`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
