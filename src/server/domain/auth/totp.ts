import * as OTPAuth from 'otpauth';

function totpFor(secret: string, label = 'concord') {
  return new OTPAuth.TOTP({
    issuer: 'Concord',
    label,
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
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

/** Accepts the code of the current 30-second step or one step either side (clock drift). */
export function checkTotp(secret: string, code: string, at: Date): boolean {
  return totpFor(secret).validate({ token: code, timestamp: at.getTime(), window: 1 }) !== null;
}
