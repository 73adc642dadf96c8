import * as OTPAuth from 'otpauth';

export const TOTP_PERIOD_SECONDS = 30;

function totpFor(secret: string, label = 'concord') {
  return new OTPAuth.TOTP({
    issuer: 'Concord',
    label,
    algorithm: 'SHA1',
    digits: 6,
    period: TOTP_PERIOD_SECONDS,
    secret: OTPAuth.Secret.fromBase32(secret),
  });
}

export function newTotpSecret(): string {
  return new OTPAuth.Secret({ size: 20 }).base32;
}

export function totpUri(secret: string, username: string): string {
  return totpFor(secret, username).toString();
}

export function currentTotp(secret: string, at: Date): string {
  return totpFor(secret).generate({ timestamp: at.getTime() });
}

/**
 * The 30-second time step whose code this is — the current step or one either side (clock
 * drift) — or null when it is none of them. The caller accepts a step only once per account
 * (`userRepository.acceptTotpStep`), so a code cannot be replayed within its window.
 */
export function totpStepOf(secret: string, code: string, at: Date): number | null {
  const delta = totpFor(secret).validate({ token: code, timestamp: at.getTime(), window: 1 });
  return delta === null ? null : Math.floor(at.getTime() / 1000 / TOTP_PERIOD_SECONDS) + delta;
}
