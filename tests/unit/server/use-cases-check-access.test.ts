import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Structural guard for tenant isolation: every use case that takes an Actor must call requireRole
 * (membership + role from the database) before touching data, and every server action and route
 * handler must derive the actor from the session. A new file that forgets fails here.
 */
function files(dir: string, ext: RegExp): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    return d.isDirectory() ? files(p, ext) : ext.test(d.name) ? [p] : [];
  });
}

describe('access checks are structural', () => {
  it('every exported use case taking an Actor calls requireRole', () => {
    const offenders: string[] = [];
    for (const file of files('lib/server', /\.ts$/).filter((f) => !f.endsWith('access.ts'))) {
      const src = fs.readFileSync(file, 'utf8');
      for (const m of src.matchAll(/export async function (\w+)\(actor: Actor[^)]*\)[^{]*\{([\s\S]*?)\n\}/g)) {
        if (!/requireRole\(actor, '(VIEWER|ACCOUNTANT|OWNER)'\)/.test(m[2]!)) offenders.push(`${file}: ${m[1]}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('every server action resolves the caller from the session first', () => {
    const offenders: string[] = [];
    for (const file of files('app', /actions\.ts$/)) {
      const src = fs.readFileSync(file, 'utf8');
      for (const m of src.matchAll(/export async function (\w+)\([^)]*\)[^{]*\{([\s\S]*?)\n\}/g)) {
        // Reached signed out by design: each proves who it is for by other means (credentials, an e-mailed token).
        const publicActions = ['signInAction', 'signUpAction', 'joinByInvitationAction', 'setLocaleAction', 'signOutAction', 'requestPasswordResetAction', 'resetPasswordAction'];
        if (!publicActions.includes(m[1]!) && !/await require(Actor|User)\(\)/.test(m[2]!)) offenders.push(`${file}: ${m[1]}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
