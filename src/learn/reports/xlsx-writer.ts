import { PassThrough, type Readable } from 'node:stream';
import type { Language } from '../../platform/http/index.js';
import type { ReportRow } from './reports.contract.js';
import type { CellKind, CellValue, ReportColumn } from './report-columns.js';

const NUMBER_FORMATS: Record<CellKind, string | undefined> = {
  text: undefined,
  number: '0.##',
  date: 'yyyy-mm-dd hh:mm',
  duration: '[h]:mm:ss',
};

/** Excel keeps durations as fractions of a day. */
function cellValue(value: CellValue, kind: CellKind): CellValue {
  if (kind === 'duration' && typeof value === 'number') return value / 86_400;
  return value;
}

/**
 * The workbook as a stream: each row is committed (written to the zip) as it is added, so a
 * large report is never held as a whole. Cells are typed values, never formulas. exceljs is
 * loaded on the first export: it is large, and an idle server should not carry it.
 */
export async function xlsxStream(
  columns: ReportColumn[],
  batches: AsyncIterable<ReportRow[]>,
  language: Language,
  sheetName: string,
  onError: (error: unknown) => void,
): Promise<Readable> {
  const { default: ExcelJS } = await import('exceljs');
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(sheetName.replace(/[\\/?*[\]:]/g, ' ').slice(0, 31) || 'Report', {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  sheet.columns = columns.map((column, i) => {
    const numFmt = NUMBER_FORMATS[column.kind];
    return { key: String(i), width: column.width, ...(numFmt ? { style: { numFmt } } : {}) };
  });
  const header = sheet.addRow(columns.map((c) => c.header[language]));
  header.font = { bold: true };
  header.commit();

  void (async () => {
    for await (const batch of batches) {
      for (const row of batch) {
        sheet.addRow(columns.map((c) => cellValue(c.value(row, language), c.kind))).commit();
      }
    }
    sheet.commit();
    await workbook.commit();
  })().catch((error: unknown) => {
    onError(error);
    out.destroy(error instanceof Error ? error : new Error(String(error)));
  });
  return out;
}
