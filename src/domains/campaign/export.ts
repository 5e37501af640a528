import { toCsv } from '../../core/csv.ts'

/**
 * A table as the pages show it and the exports write it: one model, three renderings (HTML, CSV,
 * XLSX), so an export holds exactly what the page showed.
 */
export type Column = { key: string; label: string; kind?: 'text' | 'count' | 'percent' | 'date' }
export type CellValue = string | number | null
export type DataTable = { name: string; title: string; columns: Column[]; rows: CellValue[][] }

export const EXPORT_FORMATS = ['csv', 'xlsx'] as const
export type ExportFormat = (typeof EXPORT_FORMATS)[number]

/** CSV text with a BOM, so spreadsheet programs read Vietnamese letters as UTF-8. */
export function tableCsv(t: DataTable): string {
  return `\uFEFF${toCsv(
    t.columns.map((c) => c.label),
    t.rows.map((r) => r.map((v) => (typeof v === 'number' ? roundForExport(v) : v))),
  )}`
}

/** Percentages keep one decimal in exports, counts stay whole. */
function roundForExport(v: number): number {
  return Math.round(v * 10) / 10
}

/** An XLSX workbook with one sheet: a bold header row, numbers as numbers, percentages formatted. */
export async function tableXlsx(t: DataTable): Promise<Uint8Array> {
  // exceljs takes 35 MB and half a second to load: only when someone first asks for a spreadsheet.
  const { default: ExcelJS } = await import('exceljs')
  const wb = new ExcelJS.Workbook()
  wb.creator = 'hocso'
  const ws = wb.addWorksheet(t.title.replace(/[\\/?*[\]:]/g, ' ').slice(0, 31) || 'hocso')
  ws.columns = t.columns.map((c) => ({
    header: c.label,
    key: c.key,
    width: Math.max(10, Math.min(40, c.label.length + 4)),
  }))
  ws.getRow(1).font = { bold: true }
  for (const r of t.rows) ws.addRow(r.map((v) => (typeof v === 'number' ? roundForExport(v) : v)))
  t.columns.forEach((c, i) => {
    if (c.kind === 'percent') ws.getColumn(i + 1).numFmt = '0.0'
  })
  ws.views = [{ state: 'frozen', ySplit: 1 }]
  return new Uint8Array(await wb.xlsx.writeBuffer())
}

/** The response headers and body of an export. */
export async function exportTable(t: DataTable, format: ExportFormat, stamp: string) {
  const file = `${t.name}-${stamp}.${format}`
  if (format === 'csv')
    return {
      body: tableCsv(t),
      type: 'text/csv; charset=utf-8',
      disposition: `attachment; filename="${file}"`,
    }
  return {
    body: await tableXlsx(t),
    type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    disposition: `attachment; filename="${file}"`,
  }
}
