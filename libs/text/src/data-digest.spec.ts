import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dataDigest } from './data-digest';

describe('dataDigest', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'digest-'));
    mkdirSync(join(dir, 'thesaurus'));
    writeFileSync(join(dir, 'stopwords.txt'), '的 了\n');
    writeFileSync(join(dir, 'thesaurus', '01.txt'), '异响 => 轴承故障\n');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is eight hex characters and the same for the same files', () => {
    const digest = dataDigest([dir]);
    expect(digest).toMatch(/^[0-9a-f]{8}$/);
    expect(dataDigest([dir])).toBe(digest);
  });

  it('changes when any file, even one in a subdirectory, changes', () => {
    const before = dataDigest([dir]);
    writeFileSync(join(dir, 'thesaurus', '01.txt'), '异响 => 轴承故障, 松动\n');
    expect(dataDigest([dir])).not.toBe(before);
  });

  it('changes when a file is renamed or added', () => {
    const before = dataDigest([dir]);
    writeFileSync(join(dir, 'thesaurus', '02.txt'), '');
    expect(dataDigest([dir])).not.toBe(before);
  });

  it('does not change with Windows line ends', () => {
    const before = dataDigest([dir]);
    writeFileSync(join(dir, 'stopwords.txt'), '的 了\r\n');
    expect(dataDigest([dir])).toBe(before);
  });
});
