/**
 * The only reader of process.env. Reads and validates everything once, and fails with every
 * problem listed rather than the first.
 */
import path from 'node:path';
import { z } from 'zod';
import { NATION_CODE_PATTERN } from '../shared/vocab/communities';
import { parseSecondApproverRule } from '../shared/vocab/release-policy';
import { parseOutboundAllowance } from './domain/outbound/outbound-policy';
import type { SecondApproverRule } from '../shared/vocab/release-policy';
import type { OutboundAllowance } from './domain/outbound/outbound-policy';

export interface Config {
  port: number;
  host: string;
  databaseUrl: string | null;
  dataDir: string;
  nation: string;
  demo: 'auto' | 'on' | 'off';
  /** With the demo data, also generate the demo incidents of every nation (off for a demo of several federated nodes). */
  demoIncidents: boolean;
  publicUrl: string;
  secureCookies: boolean;
  logLevel: string;
  /** A session's absolute lifetime: it ends this long after sign-in, however active. */
  sessionHours: number;
  /** A session ends after this many minutes nobody stayed signed in (POST /api/session/refresh); 0: no idle limit. */
  sessionIdleMinutes: number;
  /** Failed sign-ins one username (known or not) may have in a 15-minute window; then only a valid TOTP code gets past. */
  signInFailures: number;
  /** Sign-in attempts one address may make a minute (per app process). */
  signInPerMinute: number;
  /** When a release needs a second releasing officer (see src/shared/vocab/release-policy.ts). */
  secondApprover: SecondApproverRule;
  /** Where e-mail goes out (smtp:// or smtps://, credentials in the URL); null: in-app notifications only. */
  smtpUrl: string | null;
  mailFrom: string;
  /** Web Push to the browsers people subscribe (needs the browsers' push services reachable). */
  webPush: boolean;
  /** How often each peer is pulled when it has not poked (federation's safety net). */
  pullIntervalMs: number;
  /** After how long a recall a partner has not confirmed shows as overdue. */
  recallOverdueMinutes: number;
  /** How often each TAXII feed (a subscription to another TAXII server) is polled. */
  taxiiPollMs: number;
  /** The node's Ed25519 private key (and the public keys it used before), outside the database. */
  keyFile: string;
  /** The key that seals secrets kept in the database (TAXII feed credentials), outside the database. */
  secretsKeyFile: string;
  /** Special address ranges outbound requests may reach (all public unicast addresses may). */
  outboundAllow: OutboundAllowance;
  /** How long a live stream's event id can be resumed from; beyond, the client is told to reload. */
  streamResumeMinutes: number;
  /** Exports one person may run at once, and start per minute (per app process). */
  exportsAtOnce: number;
  exportsPerMinute: number;
}

/**
 * The public address once the node listens: with PORT=0 (any free port) and no
 * CONCORD_PUBLIC_URL, the derived address names port 0 until the port is known — invites, TAXII
 * discovery and links in mail must give the port actually taken.
 */
export function publicUrlAfterListen(config: Pick<Config, 'publicUrl'>, port: number): string {
  const url = new URL(config.publicUrl);
  if (url.port !== '0') return config.publicUrl;
  url.port = String(port);
  return url.toString().replace(/\/$/, '');
}

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Configuration is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must start with postgres:// or postgresql://')
    .optional(),
  CONCORD_DATA_DIR: z.string().min(1).default('./data'),
  CONCORD_NATION: z.string().regex(NATION_CODE_PATTERN, 'CONCORD_NATION must be an ISO 3166-1 alpha-3 code such as PAK').default('PAK'),
  CONCORD_DEMO: z.enum(['0', '1', 'auto'], { message: 'CONCORD_DEMO must be 1 (load demo data), 0 (never) or auto' }).default('auto'),
  CONCORD_PUBLIC_URL: z.url({ message: 'CONCORD_PUBLIC_URL must be an absolute URL' }).optional(),
  CONCORD_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  CONCORD_SESSION_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(12),
  CONCORD_SESSION_IDLE_MINUTES: z.coerce
    .number({ message: 'CONCORD_SESSION_IDLE_MINUTES is a number of minutes (0: no idle limit)' })
    .int('CONCORD_SESSION_IDLE_MINUTES is a whole number of minutes')
    .min(0, 'CONCORD_SESSION_IDLE_MINUTES is 0 (no idle limit) or more')
    .max(24 * 60, 'CONCORD_SESSION_IDLE_MINUTES is at most 1440 (a day)')
    .default(0),
  CONCORD_SIGN_IN_FAILURES: z.coerce.number().int().min(1, 'CONCORD_SIGN_IN_FAILURES is at least 1').max(100).default(5),
  CONCORD_SIGN_IN_PER_MINUTE: z.coerce.number().int().min(1, 'CONCORD_SIGN_IN_PER_MINUTE is at least 1').max(10_000).default(20),
  CONCORD_SECOND_APPROVER: z
    .string()
    .regex(
      /^(none|((beyond-nation|CLEAR|GREEN|AMBER|AMBER\+STRICT|RED)(,(beyond-nation|CLEAR|GREEN|AMBER|AMBER\+STRICT|RED))*))$/,
      'CONCORD_SECOND_APPROVER is none, or a comma list of beyond-nation and TLP levels, e.g. beyond-nation,AMBER+STRICT',
    )
    .default('none'),
  CONCORD_SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^\s]+$/, 'CONCORD_SMTP_URL must look like smtp://host:25 or smtps://user:password@host:465')
    .optional(),
  CONCORD_MAIL_FROM: z.email({ message: 'CONCORD_MAIL_FROM must be an e-mail address' }).optional(),
  CONCORD_DEMO_INCIDENTS: z.enum(['0', '1'], { message: 'CONCORD_DEMO_INCIDENTS is 1 (generate them) or 0' }).default('1'),
  CONCORD_WEB_PUSH: z.enum(['0', '1'], { message: 'CONCORD_WEB_PUSH is 1 (on) or 0 (off)' }).default('0'),
  CONCORD_PULL_SECONDS: z.coerce.number().min(0.2, 'CONCORD_PULL_SECONDS is at least 0.2').max(3600).default(5),
  CONCORD_RECALL_OVERDUE_MINUTES: z.coerce.number().int().min(1).max(10_080).default(15),
  CONCORD_TAXII_POLL_SECONDS: z.coerce.number().int().min(10, 'CONCORD_TAXII_POLL_SECONDS is at least 10').max(86_400).default(300),
  CONCORD_KEY_FILE: z.string().min(1).optional(),
  CONCORD_SECRETS_KEY_FILE: z.string().min(1).optional(),
  CONCORD_OUTBOUND_ALLOW: z
    .string()
    .max(4_000)
    .default('')
    .transform((text, check) => {
      const { allowance, problems } = parseOutboundAllowance(text);
      for (const message of problems) check.addIssue({ code: 'custom', message });
      return allowance;
    }),
  CONCORD_STREAM_RESUME_MINUTES: z.coerce
    .number()
    .int()
    .min(1, 'CONCORD_STREAM_RESUME_MINUTES is at least 1')
    .max(1_440, 'CONCORD_STREAM_RESUME_MINUTES is at most 1440 (a day)')
    .default(10),
  CONCORD_EXPORTS_AT_ONCE: z.coerce.number().int().min(1, 'CONCORD_EXPORTS_AT_ONCE is at least 1').max(100).default(2),
  CONCORD_EXPORTS_PER_MINUTE: z.coerce.number().int().min(1, 'CONCORD_EXPORTS_PER_MINUTE is at least 1').max(10_000).default(10),
});

export type ConfigOverrides = Partial<Record<keyof z.infer<typeof envSchema>, string>>;

/** Reads configuration from the environment, with CLI flags (`overrides`) taking precedence. */
export function readConfig(env: NodeJS.ProcessEnv = process.env, overrides: ConfigOverrides = {}): Config {
  const source: Record<string, string | undefined> = {};
  for (const key of Object.keys(envSchema.shape)) {
    const value = overrides[key as keyof ConfigOverrides] ?? env[key];
    source[key] = value === '' ? undefined : value;
  }
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.CONCORD_DATA_DIR);
  const keyFile = path.resolve(e.CONCORD_KEY_FILE ?? path.join(dataDir, 'keys', 'node.key'));
  const secretsKeyFile = path.resolve(e.CONCORD_SECRETS_KEY_FILE ?? path.join(dataDir, 'keys', 'secrets.key'));
  const problems: string[] = [];
  // A copy of the embedded database's folder must not carry the keys that vouch for it.
  const embeddedDir = path.join(dataDir, 'pglite');
  for (const [name, file] of [
    ['CONCORD_KEY_FILE', keyFile],
    ['CONCORD_SECRETS_KEY_FILE', secretsKeyFile],
  ] as const)
    if (!e.DATABASE_URL && (file === embeddedDir || file.startsWith(`${embeddedDir}${path.sep}`)))
      problems.push(`${name}: ${file} is inside the embedded database's folder; keep the key outside it (the default is ${dataDir}/keys/)`);
  if (keyFile === secretsKeyFile) problems.push('CONCORD_SECRETS_KEY_FILE: the secrets key needs a file of its own, not CONCORD_KEY_FILE');
  if (problems.length > 0) throw new ConfigError(problems);
  const publicUrl = e.CONCORD_PUBLIC_URL ?? `http://${e.HOST.includes(':') ? `[${e.HOST}]` : e.HOST}:${e.PORT}`;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL ?? null,
    dataDir,
    nation: e.CONCORD_NATION,
    demo: e.CONCORD_DEMO === '1' ? 'on' : e.CONCORD_DEMO === '0' ? 'off' : 'auto',
    demoIncidents: e.CONCORD_DEMO_INCIDENTS === '1',
    publicUrl,
    secureCookies: publicUrl.startsWith('https://'),
    logLevel: e.CONCORD_LOG_LEVEL,
    sessionHours: e.CONCORD_SESSION_HOURS,
    sessionIdleMinutes: e.CONCORD_SESSION_IDLE_MINUTES,
    signInFailures: e.CONCORD_SIGN_IN_FAILURES,
    signInPerMinute: e.CONCORD_SIGN_IN_PER_MINUTE,
    secondApprover: parseSecondApproverRule(e.CONCORD_SECOND_APPROVER),
    smtpUrl: e.CONCORD_SMTP_URL ?? null,
    mailFrom: e.CONCORD_MAIL_FROM ?? `concord@${e.CONCORD_NATION.toLowerCase()}.invalid`,
    webPush: e.CONCORD_WEB_PUSH === '1',
    pullIntervalMs: Math.round(e.CONCORD_PULL_SECONDS * 1000),
    recallOverdueMinutes: e.CONCORD_RECALL_OVERDUE_MINUTES,
    taxiiPollMs: e.CONCORD_TAXII_POLL_SECONDS * 1000,
    keyFile,
    secretsKeyFile,
    outboundAllow: e.CONCORD_OUTBOUND_ALLOW,
    streamResumeMinutes: e.CONCORD_STREAM_RESUME_MINUTES,
    exportsAtOnce: e.CONCORD_EXPORTS_AT_ONCE,
    exportsPerMinute: e.CONCORD_EXPORTS_PER_MINUTE,
  };
}

export const CONCORD_VERSION = '0.1.0';
