import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NOTES_MARKER, writeReport } from './report-file';

describe('writeReport', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'report-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('replaces the generated part and keeps the notes written below the marker', () => {
    const file = join(dir, 'RESULTS.md');
    writeFileSync(file, `# old run\n\n| a | 1 |\n\n${NOTES_MARKER}\n\nWhy run 21 was slow.\n`);
    writeReport(file, '# new run\n\n| a | 2 |\n');
    expect(readFileSync(file, 'utf8')).toBe(`# new run\n\n| a | 2 |\n\n${NOTES_MARKER}\n\nWhy run 21 was slow.\n`);
  });

  it('writes the report alone where there are no notes yet', () => {
    const file = join(dir, 'RESULTS.md');
    writeReport(file, '# first run\n');
    expect(readFileSync(file, 'utf8')).toBe('# first run\n');
    writeFileSync(file, '# a file without the marker\n');
    writeReport(file, '# second run\n');
    expect(readFileSync(file, 'utf8')).toBe('# second run\n');
  });
});
