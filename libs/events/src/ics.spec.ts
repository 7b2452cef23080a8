import fc from 'fast-check';
import { escapeText, foldLine, renderCalendar } from './ics';

describe('iCalendar rendering', () => {
  it('folds long lines at 75 octets without splitting a character, and unfolding restores them', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (text) => {
        const line = `SUMMARY:${text}`;
        const folded = foldLine(line);
        for (const part of folded.split('\r\n')) expect(Buffer.byteLength(part, 'utf8')).toBeLessThanOrEqual(75);
        expect(folded.replace(/\r\n /g, '')).toBe(line);
      }),
    );
  });

  it('escapes the characters TEXT values reserve', () => {
    expect(escapeText('A;B,C\\D\nE')).toBe('A\\;B\\,C\\\\D\\nE');
    // A bare CR is a line break too for some readers: it must not end the property and start another.
    expect(escapeText('标题\rATTENDEE:mailto:x@example.test\r\nY')).toBe('标题\\nATTENDEE:mailto:x@example.test\\nY');
    // Other control characters have no place in TEXT: dropped (a tab stays).
    expect(escapeText('路演\u000b专场\u001b[31m\t第1场\u007f')).toBe('路演专场[31m\t第1场');
  });

  it('renders one VEVENT per entry with its UID, UTC times, SEQUENCE and status, lines ending in CRLF', () => {
    const now = new Date('2026-11-20T01:02:03.456Z');
    const ics = renderCalendar('对接会 · 大连理工大学', [
      { uid: 'meeting-1@techbridge', startsAt: new Date('2026-12-01T01:00:00Z'), endsAt: new Date('2026-12-01T01:20:00Z'), summary: '与大连重工洽谈（1号桌）', location: '大连国际会议中心, 1号桌', description: null, cancelled: false, sequence: 1 },
      { uid: 'meeting-2@techbridge', startsAt: new Date('2026-12-01T01:20:00Z'), endsAt: new Date('2026-12-01T01:40:00Z'), summary: '已取消', location: null, description: 'x', cancelled: true, sequence: 2 },
    ], now);
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(ics.split('\r\n').filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(2);
    expect(ics).toContain('UID:meeting-1@techbridge\r\nDTSTAMP:20261120T010203Z\r\nDTSTART:20261201T010000Z\r\nDTEND:20261201T012000Z\r\nSEQUENCE:1');
    expect(ics).toContain('LOCATION:大连国际会议中心\\, 1号桌');
    expect(ics).toMatch(/UID:meeting-2@techbridge[\s\S]*STATUS:CANCELLED/);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/\n/);
  });
});
