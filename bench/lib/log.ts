/** Progress goes to stderr so stdout carries only the report. */
export function log(line: string): void {
  process.stderr.write(`${line}\n`);
}
