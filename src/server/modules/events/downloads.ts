/** A Content-Disposition for a download, its name cut to safe characters ("abrazo-buenos-aires-ar.ics"). */
export function attachment(name: string, extension: string): string {
  const safe = name.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '') || 'abrazo';
  return `attachment; filename="${safe}.${extension}"`;
}
