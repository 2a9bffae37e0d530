import { describe, expect, it } from 'vitest';
import { hashToken, newOpaqueToken, openSuccessor, sealSuccessor } from './tokens.ts';

describe('sealSuccessor / openSuccessor', () => {
  it('opens the successor with the old token it was sealed under', () => {
    const old = newOpaqueToken();
    const successor = newOpaqueToken();
    expect(openSuccessor(old, sealSuccessor(old, successor))).toBe(successor);
  });

  it('never shows the successor in the sealed text, and seals differently every time', () => {
    const old = newOpaqueToken();
    const successor = newOpaqueToken();
    const a = sealSuccessor(old, successor);
    const b = sealSuccessor(old, successor);
    expect(a).not.toContain(successor);
    expect(a).not.toBe(b);
    expect(openSuccessor(old, b)).toBe(successor);
  });

  it('yields nothing for another old token', () => {
    const sealed = sealSuccessor(newOpaqueToken(), newOpaqueToken());
    expect(openSuccessor(newOpaqueToken(), sealed)).toBeUndefined();
  });

  it.each([
    ['the nonce', 0],
    ['the tag', 15],
    ['the ciphertext', 40],
  ])('yields nothing when a byte of %s is changed', (_part, index) => {
    const old = newOpaqueToken();
    const raw = Buffer.from(sealSuccessor(old, newOpaqueToken()), 'base64url');
    raw[index] = (raw[index] ?? 0) ^ 0x01;
    expect(openSuccessor(old, raw.toString('base64url'))).toBeUndefined();
  });

  it('yields nothing for truncated or junk input', () => {
    const old = newOpaqueToken();
    const sealed = sealSuccessor(old, newOpaqueToken());
    expect(openSuccessor(old, sealed.slice(0, -4))).toBeUndefined();
    expect(openSuccessor(old, sealed.slice(0, 20))).toBeUndefined();
    expect(openSuccessor(old, '')).toBeUndefined();
    expect(openSuccessor(old, '%%% not base64 %%%')).toBeUndefined();
  });
});

describe('newOpaqueToken / hashToken', () => {
  it('makes 43-character base64url tokens of 256 random bits', () => {
    const token = newOpaqueToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
  });

  it('never repeats a token', () => {
    const tokens = new Set(Array.from({ length: 1000 }, () => newOpaqueToken()));
    expect(tokens.size).toBe(1000);
  });

  it('hashes to the SHA-256 hex digest, the same every time and different per token', () => {
    const token = newOpaqueToken();
    expect(hashToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(token)).toBe(hashToken(token));
    expect(hashToken(token)).not.toBe(hashToken(newOpaqueToken()));
    expect(hashToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
