import { useSyncExternalStore } from 'react';

// New messages while the tab is in the background: a short tone and the count in the tab's title
// ("(2) Abrazo"), until the dancer comes back. On by default; settings switch it off on this device.

const KEY = 'abrazo.chatAlerts';
const listeners = new Set<() => void>();
let unseen = 0;
let audio: AudioContext | undefined;

function stored(): boolean {
  try {
    return localStorage.getItem(KEY) !== 'off';
  } catch {
    return true;
  }
}
let on = stored();

export function setChatAlerts(next: boolean): void {
  on = next;
  try {
    localStorage.setItem(KEY, next ? 'on' : 'off');
  } catch {
    // Private mode: the choice lasts this visit.
  }
  for (const listener of listeners) listener();
}

export function useChatAlerts(): boolean {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => on,
  );
}

const PREFIX = /^\(\d+\) /;

function showCount(): void {
  const title = document.title.replace(PREFIX, '');
  document.title = unseen > 0 ? `(${unseen}) ${title}` : title;
}

/** A soft two-note tone from the Web Audio API (no file to load); silent where the browser refuses. */
function chime(): void {
  try {
    audio ??= new AudioContext();
    const now = audio.currentTime;
    for (const [i, frequency] of [880, 1320].entries()) {
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, now + i * 0.12);
      gain.gain.exponentialRampToValueAtTime(0.08, now + i * 0.12 + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, now + i * 0.12 + 0.18);
      osc.connect(gain).connect(audio.destination);
      osc.start(now + i * 0.12);
      osc.stop(now + i * 0.12 + 0.2);
    }
  } catch {
    // No audio here (a policy, no device): the title still counts.
  }
}

/** Someone else's message arrived: counted and chimed only while the tab is hidden, and only if on. */
export function alertNewMessage(): void {
  if (!on || document.visibilityState === 'visible') return;
  unseen += 1;
  showCount();
  chime();
}

document.addEventListener('visibilitychange', () => {
  if (document.visibilityState !== 'visible' || unseen === 0) return;
  unseen = 0;
  showCount();
});
