import { stringify } from 'csv-stringify/sync';
import type { Registration } from '../../../contract/events.ts';

const HEADER = [
  'username',
  'display name',
  'status',
  'role',
  'waitlist position',
  'partner',
  'partner confirmed',
  'registered at',
];

/**
 * A date's registrations as CSV for a spreadsheet: a BOM so Excel reads UTF-8 names, and cells that
 * start like a formula (= + - @) get a leading apostrophe, so a display name cannot run as one.
 */
export function registrationsCsv(items: Registration[]): string {
  const rows = items.map((r) => [
    r.user.username,
    r.user.displayName,
    r.status,
    r.role ?? '',
    r.position === null ? '' : String(r.position),
    r.partner?.username ?? '',
    r.partner === null ? '' : r.partnerConfirmed ? 'yes' : 'no',
    r.registeredAt,
  ]);
  return stringify([HEADER, ...rows], { bom: true, escape_formulas: true, record_delimiter: 'windows' });
}
