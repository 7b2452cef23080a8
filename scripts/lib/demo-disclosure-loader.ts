// Asks for and answers the demo's requests for confidential details through the running API,
// as its users would (see scripts/demo/demo-disclosures.ts).
import type { DemoDisclosurePlan } from '../demo/demo-disclosures';
import type { Api, Session } from './demo-api';

export interface DemoDisclosuresLoaded {
  requests: number;
  approved: number;
  pending: number;
}

/** `ids` maps the catalogue's external references to the ids the API gave the items. */
export async function loadDemoDisclosures(api: Api, sessionOf: (orgKey: string) => Promise<Session>, plans: readonly DemoDisclosurePlan[], ids: ReadonlyMap<string, string>): Promise<DemoDisclosuresLoaded> {
  const loaded: DemoDisclosuresLoaded = { requests: 0, approved: 0, pending: 0 };
  for (const plan of plans) {
    const itemId = ids.get(plan.itemRef);
    if (!itemId) throw new Error(`demo disclosure request names unknown item ${plan.itemRef}`);
    const asked = await api.call<{ id: string }>('POST', `/${plan.kind}s/${itemId}/disclosure-requests`, { message: plan.message }, (await sessionOf(plan.requester)).token);
    loaded.requests++;
    if (plan.answer === 'approve') {
      await api.call('POST', `/disclosure-requests/${asked.id}/actions/approve`, {}, (await sessionOf(plan.owner)).token);
      loaded.approved++;
    } else loaded.pending++;
  }
  return loaded;
}
