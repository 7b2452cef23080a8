// What npm start does about the demo data set: load it into a new database, load it again where
// an earlier load was interrupted (if that is safe), and find the demo user to print.
import { databaseName, type DatabaseSettings, dropDatabase, ensureDatabase, migrateDatabase } from '@techbridge/database';
import { buildDemoCatalog, DEMO_PASSWORD } from '../demo/demo-catalog';
import { demoOrganizations } from '../demo/organizations';
import { loadDemoData } from './demo-loader';
import { accountExists, demoState, onlyAccounts, recordDemoState } from './demo-state';

export interface DemoPlan {
  databaseUrl: string;
  /** Load the demo once the API is up, signed in as this admin. */
  loadAs?: { email: string; password: string };
}

interface Context {
  config: DatabaseSettings;
  env: Record<string, string | undefined>;
  /** The database is the embedded one, in DATA_DIR: nobody else's. */
  embedded: boolean;
  dataDir: string;
  say: (line: string) => void;
}

/** Decides, before the API starts, whether the demo is to be loaded; empties a database holding only a half-loaded demo. */
export async function prepareDemo({ config, env, embedded, dataDir, say }: Context): Promise<DemoPlan> {
  const plan: DemoPlan = { databaseUrl: config.databaseUrl };
  if (env.DEMO_DATA === 'false' || !env.ADMIN_EMAIL || !env.ADMIN_PASSWORD) return plan;
  const admin = { email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD };
  const state = await demoState(config.databaseUrl);
  if (state === 'empty') return { ...plan, loadAs: admin };
  if (state !== 'interrupted') return plan;
  // Wiped only when nothing in it can be anyone's work: the embedded database, with no account
  // but the demo's and the admin's.
  const demoEmails = demoOrganizations().flatMap((o) => o.users.map((u) => u.email));
  if (embedded && (await onlyAccounts(config.databaseUrl, [...demoEmails, admin.email]))) {
    say('the demo data load of an earlier start did not finish: emptying the database (it holds only that partial demo) to load it again');
    await dropDatabase(config.databaseUrl);
    await ensureDatabase(config.databaseUrl);
    await migrateDatabase(config);
    return { ...plan, loadAs: admin };
  }
  const reset = embedded ? `delete ${dataDir}` : `drop and recreate database ${databaseName(config.databaseUrl)}`;
  say(`the demo data load of an earlier start did not finish, and the database holds more than the demo: left as it is. To load the demo from scratch, ${reset} and start again.`);
  return plan;
}

/** Loads the demo if planned; returns the demo user to print when it exists. */
export async function runDemoLoad(plan: DemoPlan, base: string, say: (line: string) => void): Promise<string | undefined> {
  if (plan.loadAs) {
    say('empty database: loading the demo data set through the API…');
    await recordDemoState(plan.databaseUrl, 'loading');
    const loaded = await loadDemoData(base, plan.loadAs, buildDemoCatalog(), DEMO_PASSWORD);
    await recordDemoState(plan.databaseUrl, 'loaded');
    say(`demo data loaded: ${loaded.organizations} organisations, ${loaded.demands} demands, ${loaded.achievements} achievements (${loaded.brochures} with a brochure to download)`);
    say(`demo 对接会 published: ${loaded.events.title} (${loaded.events.participants} participants, ${loaded.events.meetings} of ${loaded.events.requests} accepted meetings scheduled; ${loaded.events.pitches} 路演 pitches with ${loaded.events.interests} registrations of interest)`);
    const c = loaded.challenges;
    say(`demo 揭榜挂帅: ${c.applications} applications to ${c.challenges} challenges, ${c.awarded} awarded; ${c.deals} deals signed for ${c.turnoverWan} 万元`);
    say(`demo 揭榜挂帅 follow-up: ${c.experts} outside expert from the 专家库 scoring; ${c.projectReports} progress reports on the awarded projects, ${c.awaitingAcceptance} milestone awaiting acceptance`);
    const p = loaded.pipeline;
    say(`demo match pipeline: ${p.followedUp} matches followed up, ${p.met} met, ${p.negotiating} in negotiation, ${p.dismissed} dismissed, ${p.messaged} contacted by a message, ${p.shared} with a document shared`);
    const d = loaded.disclosures;
    say(`demo 申请查看详情: ${d.requests} requests for confidential details, ${d.approved} approved, ${d.pending} awaiting an answer`);
  }
  const demoUser = demoOrganizations().find((o) => o.type === 'enterprise')?.users[0]?.email;
  return demoUser && (await accountExists(plan.databaseUrl, demoUser)) ? demoUser : undefined;
}
