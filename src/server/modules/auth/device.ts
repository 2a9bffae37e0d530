import { deviceLabel } from '../../../contract/rules.ts';

/** A human label for the sessions list ("Firefox on Linux"); a client-chosen name wins. */
export function describeDevice(userAgent: string, chosen?: string): string {
  if (chosen?.trim()) return chosen.trim().slice(0, 100);
  return deviceLabel(userAgent);
}
