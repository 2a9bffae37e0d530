import { openLightSocket, type LightSocket } from './light-socket.ts';

/** How long a bench client gathers message:new pushes before confirming them in one message:received. */
export const CONFIRM_EVERY_MS = 100;
/** Messages already in every conversation before the measurement. */
export const HISTORY = 200;

// The client side of bench/chat.bench.ts: many Socket.IO clients in this process (light-socket.ts),
// driven at a fixed offered rate (open loop, so queueing shows up as latency instead of slowing the
// senders).

/** One client socket, in the conversations of `groups`. */
export interface Peer {
  socket: LightSocket;
  /** The user id on the app, the socket's own index on the relay. */
  key: string;
}

export interface Group {
  id: string;
  peers: Peer[];
}

/** How a target is spoken to: the app's events or the bare relay's. */
export interface Driver {
  /** Resolves true when the server acknowledged the message as sent (persisted, for the app). */
  send(peer: Peer, group: Group, id: string): Promise<boolean>;
  /** Calls back with the message id of every message the peer receives, confirming it as the app's clients do. */
  onReceive(peer: Peer, handler: (id: string) => void): void;
}

const CONNECT_BATCH = 100;
const CONNECT_TIMEOUT_MS = 20_000;

/** Opens clients, CONNECT_BATCH at a time; rejects on the first that fails. */
export async function openSockets(
  count: number,
  urlOf: (i: number) => string,
  authOf: (i: number) => Record<string, string>,
): Promise<LightSocket[]> {
  const sockets: LightSocket[] = [];
  for (let start = 0; start < count; start += CONNECT_BATCH) {
    const batch: Promise<LightSocket>[] = [];
    for (let i = start; i < Math.min(count, start + CONNECT_BATCH); i++) {
      batch.push(
        openLightSocket(urlOf(i), authOf(i), CONNECT_TIMEOUT_MS).catch((err: unknown) => {
          throw new Error(`socket ${i}: ${err instanceof Error ? err.message : String(err)}`);
        }),
      );
    }
    sockets.push(...(await Promise.all(batch)));
  }
  return sockets;
}

export function closeSockets(sockets: LightSocket[]): void {
  for (const s of sockets) s.disconnect();
}

export interface StepResult {
  offered: number;
  /** Sends issued in the step (not counting those skipped). */
  sent: number;
  /** Receipts by members other than the sender, of this step's messages, stragglers included. */
  delivered: number;
  /** Sends acknowledged per second of the measured window. */
  sendsPerS: number;
  /** Messages received by members other than the sender, per second of the measured window. */
  deliveriesPerS: number;
  /** Send → receive at another member, ms, over every delivery of the step's messages. */
  latency: { p50: number; p99: number; max: number };
  /** Send → ack, ms. */
  ack: { p50: number; p99: number };
  errors: number;
  /** Sends skipped because too many were already waiting for their ack (the target fell behind). */
  skipped: number;
  /** Deliveries still missing when the step ended (after waiting for stragglers). */
  missing: number;
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

function summarize(values: number[]): { p50: number; p99: number; max: number } {
  const sorted = Float64Array.from(values).sort();
  return {
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.length > 0 ? (sorted[sorted.length - 1] ?? Number.NaN) : Number.NaN,
  };
}

const TICK_MS = 5;
const MAX_IN_FLIGHT = 2_000;
/** How long a step waits after its window for outstanding acks and deliveries. */
export const DRAIN_MS = 3_000;

interface Sent {
  at: number;
  sender: Peer;
  expected: number;
  received: number;
}

/**
 * Wires receive handlers once per peer and returns a function that runs one step: `rate` sends/s
 * for `durationS`, round-robin over every (group, member) pair so each group and each member sends
 * in turn.
 */
export function createLoad(groups: Group[], driver: Driver, label: string) {
  const sent = new Map<string, Sent>();
  let onDelivery: (latency: number) => void = () => undefined;
  for (const group of groups) {
    for (const peer of group.peers) {
      driver.onReceive(peer, (id) => {
        const s = sent.get(id);
        if (!s || s.sender === peer) return;
        s.received += 1;
        onDelivery(performance.now() - s.at);
        if (s.received === s.expected) sent.delete(id);
      });
    }
  }
  const maxPeers = Math.max(...groups.map((g) => g.peers.length));
  const pairs: { group: Group; peer: Peer }[] = [];
  for (let i = 0; i < maxPeers; i++) {
    for (const group of groups) {
      const peer = group.peers[i];
      if (peer) pairs.push({ group, peer });
    }
  }
  let counter = 0;
  let step = 0;

  return async function run(rate: number, durationS: number): Promise<StepResult> {
    step += 1;
    const latencies: number[] = [];
    const acks: number[] = [];
    let deliveriesInWindow = 0;
    let ackedInWindow = 0;
    let errors = 0;
    let skipped = 0;
    let inFlight = 0;
    let measuring = true;
    const stepIds: string[] = [];
    onDelivery = (latency) => {
      latencies.push(latency);
      if (measuring) deliveriesInWindow += 1;
    };
    const started = performance.now();
    const endAt = started + durationS * 1000;
    let due = 0;
    let issued = 0;
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        const now = performance.now();
        if (now >= endAt) {
          clearInterval(timer);
          resolve();
          return;
        }
        due = Math.floor(((now - started) / 1000) * rate);
        while (issued < due) {
          issued += 1;
          if (inFlight >= MAX_IN_FLIGHT) {
            skipped += 1;
            continue;
          }
          const pair = pairs[counter % pairs.length];
          counter += 1;
          if (!pair) continue;
          const id = `b${step}-${counter}-${label}`;
          const at = performance.now();
          sent.set(id, { at, sender: pair.peer, expected: pair.group.peers.length - 1, received: 0 });
          stepIds.push(id);
          inFlight += 1;
          driver.send(pair.peer, pair.group, id).then(
            (ok) => {
              inFlight -= 1;
              if (!ok) {
                errors += 1;
                sent.delete(id);
                return;
              }
              if (measuring) ackedInWindow += 1;
              acks.push(performance.now() - at);
            },
            () => {
              inFlight -= 1;
              errors += 1;
              sent.delete(id);
            },
          );
        }
      }, TICK_MS);
    });
    measuring = false;
    const windowS = (performance.now() - started) / 1000;
    // Stragglers: wait for outstanding acks and deliveries, up to DRAIN_MS.
    const drainUntil = performance.now() + DRAIN_MS;
    while (performance.now() < drainUntil && (inFlight > 0 || stepIds.some((id) => sent.has(id)))) {
      await new Promise((r) => setTimeout(r, 50));
    }
    let missing = 0;
    for (const id of stepIds) {
      const s = sent.get(id);
      if (s) missing += s.expected - s.received;
      sent.delete(id);
    }
    const ackStats = summarize(acks);
    return {
      offered: rate,
      sent: stepIds.length,
      delivered: latencies.length,
      sendsPerS: ackedInWindow / windowS,
      deliveriesPerS: deliveriesInWindow / windowS,
      latency: summarize(latencies),
      ack: { p50: ackStats.p50, p99: ackStats.p99 },
      errors,
      skipped,
      missing,
    };
  };
}

/** A step fails when the target no longer keeps up: sends dropped or answered late, or p99 over 1 s. */
export function keptUp(r: StepResult): boolean {
  return r.sendsPerS >= 0.9 * r.offered && r.skipped === 0 && r.missing === 0 && r.latency.p99 < 1_000;
}
