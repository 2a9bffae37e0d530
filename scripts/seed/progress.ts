// A plain-text progress bar on stderr: redrawn in place with \r on a terminal, one line per phase
// when stderr is a file or a pipe (CI logs, the bench's output).

export interface Progress {
  start(phase: string, total: number): void;
  advance(count: number): void;
  done(): void;
}

export const silentProgress: Progress = { start() {}, advance() {}, done() {} };

const int = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const BAR_WIDTH = 24;
const REDRAW_MS = 100;

function clock(seconds: number): string {
  if (!Number.isFinite(seconds)) return '--:--';
  const s = Math.max(0, Math.round(seconds));
  const m = Math.floor(s / 60);
  return `${m}:${String(s % 60).padStart(2, '0')}`;
}

export function createProgress(stream: NodeJS.WriteStream = process.stderr): Progress {
  const tty = stream.isTTY;
  let phase = '';
  let total = 0;
  let count = 0;
  let startedAt = 0;
  let drawnAt = 0;

  function line(final: boolean): string {
    const elapsed = (performance.now() - startedAt) / 1000;
    const rate = elapsed > 0 ? count / elapsed : 0;
    const share = total > 0 ? Math.min(1, count / total) : 1;
    const filled = Math.round(share * BAR_WIDTH);
    const bar = `[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}]`;
    const tail = final
      ? `in ${clock(elapsed)}`
      : `ETA ${clock(rate > 0 ? (total - count) / rate : Infinity)}`;
    return (
      `${phase.padEnd(16)} ${bar} ${int.format(count)}/${int.format(total)} ` +
      `${String(Math.round(share * 100)).padStart(3)} %  ${int.format(rate)}/s  ${tail}`
    );
  }

  return {
    start(name, expected) {
      phase = name;
      total = expected;
      count = 0;
      startedAt = performance.now();
      drawnAt = 0;
      if (tty) stream.write(`\r${line(false)}\u001b[K`);
    },
    advance(n) {
      count += n;
      const now = performance.now();
      if (tty && now - drawnAt >= REDRAW_MS) {
        drawnAt = now;
        stream.write(`\r${line(false)}\u001b[K`);
      }
    },
    done() {
      stream.write(tty ? `\r${line(true)}\u001b[K\n` : `${line(true)}\n`);
    },
  };
}
