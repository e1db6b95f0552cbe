export interface ImportReport {
  file: string;
  /** True when the changes were written; false for a dry run. */
  applied: boolean;
  /** Data rows read (the header not counted). */
  rows: number;
  columns: Array<{ header: string; field: string | undefined }>;
  create: Array<{ row: number; name: string; team: string; owner?: string }>;
  update: Array<{ row: number; name: string; customerId: string; changes: string[] }>;
  unchanged: Array<{ row: number; name: string }>;
  /** Every row that cannot be used, with why. Row numbers as a spreadsheet shows them: the header is row 1. */
  skipped: Array<{ row: number; reason: string }>;
  /** Rows used, with something in them left out. */
  warnings: Array<{ row: number; message: string }>;
  /** Post-purchase customers whose cadence deadline has already passed: their owners will be reminded. */
  overdue: number;
  /** Problems with the file as a whole (no column that names the customer, not CSV). */
  problems: string[];
}

const MAX_LISTED = 200;

/** The report as a person reads it in a terminal: what would change, then every row that cannot be used. */
export function formatImportReport(r: ImportReport): string {
  const out: string[] = [];
  out.push(
    r.applied
      ? `Imported ${r.file}.`
      : `Dry run of ${r.file}: nothing was written. Run again with --apply to write these changes.`,
  );
  for (const p of r.problems) out.push(`Problem: ${p}`);
  const used = r.columns.filter((c) => c.field).map((c) => `${c.header} → ${c.field}`);
  const ignored = r.columns.filter((c) => !c.field).map((c) => c.header);
  if (used.length > 0) out.push(`Columns read: ${used.join(', ')}`);
  if (ignored.length > 0) out.push(`Columns ignored: ${ignored.join(', ')}`);
  const verb = r.applied ? ['created', 'updated'] : ['to create', 'to update'];
  out.push(
    `${r.rows} row(s): ${r.create.length} ${verb[0]}, ${r.update.length} ${verb[1]}, ` +
      `${r.unchanged.length} unchanged, ${r.skipped.length} cannot be used.`,
  );
  section(
    out,
    r.applied ? 'Created' : 'Would create',
    r.create,
    (c) => `row ${c.row}: ${c.name} (${c.team}${c.owner ? `, owner ${c.owner}` : ''})`,
  );
  section(
    out,
    r.applied ? 'Updated' : 'Would update',
    r.update,
    (u) => `row ${u.row}: ${u.name}: ${u.changes.join(', ')}`,
  );
  // Every unusable row is listed, however many: the admin fixes them in the file.
  if (r.skipped.length > 0) {
    out.push('', 'Cannot use:');
    for (const s of r.skipped) out.push(`  row ${s.row}: ${s.reason}`);
  }
  if (r.warnings.length > 0) {
    out.push('', 'Used, with something left out:');
    for (const w of r.warnings) out.push(`  row ${w.row}: ${w.message}`);
  }
  if (r.overdue > 0) {
    out.push(
      '',
      `${r.overdue} post-purchase customer(s) are already past their contact cadence: ` +
        `${r.applied ? 'their owners will be reminded' : 'once imported, their owners will be reminded'}.`,
    );
  }
  return out.join('\n');
}

function section<T>(out: string[], title: string, items: T[], line: (item: T) => string): void {
  if (items.length === 0) return;
  out.push('', `${title}:`);
  for (const item of items.slice(0, MAX_LISTED)) out.push(`  ${line(item)}`);
  if (items.length > MAX_LISTED) out.push(`  ... and ${items.length - MAX_LISTED} more`);
}
