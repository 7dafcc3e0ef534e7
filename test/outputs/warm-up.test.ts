/** The workbook worker's warm-up (xlsx-warm-up.ts): its synthetic sheets make a workbook. */
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { xlsxBytes } from '../../src/outputs/xlsx.js';
import { warmUpSheets } from '../../src/outputs/xlsx-warm-up.js';

describe('warm-ups of the output workers', () => {
  it("the workbook's synthetic sheets make a workbook", () => {
    const sheets = warmUpSheets();
    expect(sheets[0].rows.length).toBeGreaterThan(1000);
    const parts = unzipSync(xlsxBytes(sheets, 'zh'));
    expect(Object.keys(parts)).toContain('xl/worksheets/sheet1.xml');
  });
});
