/** The terminal summary's text: display width of Chinese, truncation, legend wrapping, throttled progress lines. */
import { describe, expect, it } from 'vitest';
import { Progress, LOG_INTERVAL_MS } from '../../src/cli/progress.js';
import { displayWidth, padEnd, truncate, wrapItems } from '../../src/cli/text-width.js';

describe('display width', () => {
  it('CJK characters and full-width punctuation take two columns, combining marks none', () => {
    expect(displayWidth('abc')).toBe(3);
    expect(displayWidth('平安社区')).toBe(8);
    expect(displayWidth('HD-001 平安社区')).toBe(15);
    expect(displayWidth('（）：')).toBe(6);
    expect(displayWidth('e\u0301')).toBe(1);
    expect(displayWidth('\x1b[31m✗\x1b[39m')).toBe(1);
  });

  it('truncates to a column count with an ellipsis, never splitting a wide character over the limit', () => {
    expect(truncate('平安社区', 8)).toBe('平安社区');
    expect(truncate('清城区东城街道平安社区居民委员会', 12)).toBe('清城区东城…');
    expect(displayWidth(truncate('清城区东城街道平安社区居民委员会', 12))).toBe(11);
    expect(truncate('abcdefghij', 5)).toBe('abcd…');
    // a wide character that would straddle the limit is left out
    expect(truncate('a平安社区', 5)).toBe('a平…');
  });

  it('pads by display width, so Chinese and latin labels line up', () => {
    const a = padEnd('平安社区', 12);
    const b = padEnd('Ping An', 12);
    expect(displayWidth(a)).toBe(12);
    expect(displayWidth(b)).toBe(12);
  });

  it('wraps legend items to the width, never splitting one', () => {
    const items = Array.from({ length: 12 }, (_, i) => `${i + 1} 社区卫生服务站 300m`);
    const lines = wrapItems(items, 60, ' · ', '  ');
    for (const l of lines) expect(displayWidth(l)).toBeLessThanOrEqual(60);
    expect(
      lines
        .join(' ')
        .replace(/\s+·\s+|\s{2,}/g, ' ')
        .split(' 300m').length - 1,
    ).toBe(12);
    expect(lines.length).toBeGreaterThan(3);
    expect(lines[1].startsWith('  ')).toBe(true);
  });
});

describe('progress when not on a terminal', () => {
  it('writes at most one line per stage every LOG_INTERVAL_MS, then the ✓ line', () => {
    let t = 0;
    const out: string[] = [];
    const p = new Progress('distances', 1000, 'categories', { tty: false, write: (s) => out.push(s), now: () => t });
    // 1000 updates over 12 s
    for (let i = 0; i < 1000; i++) {
      t = i * 12;
      p.update(i);
    }
    p.done();
    const lines = out.join('').split('\n').filter(Boolean);
    // 12 s of work: lines at 5 s and 10 s, then the done line
    expect(lines).toHaveLength(3);
    // at 5 s, 417 of 1,000 done: 7 s left at that pace
    expect(lines[0]).toMatch(/^· distances 4\d% \(4\d\d\/1,000 categories\), ETA 7 s$/);
    expect(lines[2]).toMatch(/^✓ distances/);
    expect(LOG_INTERVAL_MS).toBeGreaterThanOrEqual(2000);
  });

  it('a short stage prints only its ✓ line', () => {
    let t = 0;
    const out: string[] = [];
    const p = new Progress('isochrones', 10, '', { tty: false, write: (s) => out.push(s), now: () => t });
    for (let i = 0; i <= 10; i++) {
      t = i * 100;
      p.update(i);
    }
    p.done();
    expect(out.join('').split('\n').filter(Boolean)).toHaveLength(1);
  });
});
