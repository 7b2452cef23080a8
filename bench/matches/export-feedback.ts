// Writes the feedback stored in a database — match states people reached and what either side
// said of a match — as JSON lines for the tuning script:
//   npm run bench:matching:export-feedback -- [--out events.jsonl] [--by-id]
//   npm run bench:matching:tune -- [setDir] --feedback events.jsonl
// DATABASE_URL names the database. Items are named by their external reference where they have
// one (a catalogue imported from a labeled set keeps the set's ids there), else by id; --by-id
// always uses ids.
import fs from 'node:fs';
import { Client } from 'pg';
import { readFeedbackEvents } from '@techbridge/matches';

function argument(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i < 0 ? undefined : process.argv[i + 1];
}

async function main(): Promise<void> {
  const connectionString = process.env.DATABASE_URL;
  if (!connectionString) throw new Error('DATABASE_URL is not set: name the database whose feedback to export');
  const db = new Client({ connectionString });
  await db.connect();
  try {
    const events = await readFeedbackEvents(async (sql) => (await db.query(sql)).rows, { byRef: !process.argv.includes('--by-id') });
    const lines = events.map((e) => `${JSON.stringify(e)}\n`).join('');
    const out = argument('--out');
    if (out) fs.writeFileSync(out, lines);
    else process.stdout.write(lines);
    process.stderr.write(`${events.length} feedback events${out ? ` written to ${out}` : ''}\n`);
  } finally {
    await db.end();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
