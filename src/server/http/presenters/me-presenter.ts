import { permissionsOf } from '../../domain/policy/policy';
import type { Me, SessionResponse } from '../../../shared/contracts/auth';
import type { Context } from '../../context';
import type { SessionActor, UserActor } from '../../domain/auth/actor';

/** The session's own fields: its CSRF token and when it ends (docs/decisions/0027). */
export function presentSession(ctx: Context, actor: SessionActor): SessionResponse {
  const { session } = actor;
  return {
    ...presentMe(ctx, actor),
    csrfToken: session.csrfToken,
    session: {
      expiresAt: session.expiresAt.toISOString(),
      endsAt: session.endsAt.toISOString(),
      idleMinutes: ctx.config.sessionIdleMinutes === 0 ? null : ctx.config.sessionIdleMinutes,
      now: ctx.clock.now().toISOString(),
    },
  };
}

export function presentMe(ctx: Context, actor: UserActor): Me {
  return {
    user: actor.user,
    org: { id: actor.org.id, name: actor.org.name },
    nation: actor.nation,
    permissions: permissionsOf(actor),
    node: { nation: ctx.node.nation, nodeId: ctx.node.nodeId },
  };
}
