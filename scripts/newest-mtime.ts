import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** The newest modification time under `p` (0 when it does not exist), leaving out files `skip` names. */
export function newestMtime(p: string, skip: (file: string) => boolean = () => false): number {
  const st = statSync(p, { throwIfNoEntry: false });
  if (!st) return 0;
  if (!st.isDirectory()) return skip(p) ? 0 : st.mtimeMs;
  return readdirSync(p).reduce(
    (max, name) => Math.max(max, newestMtime(path.join(p, name), skip)),
    st.mtimeMs,
  );
}
