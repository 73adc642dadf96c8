import { PERMISSIONS, hasPermission } from '../../../shared/vocab/roles';
import type { Me } from '../../../shared/contracts/auth';
import type { Context } from '../../context';
import type { UserActor } from '../../domain/auth/actor';

export function presentMe(ctx: Context, actor: UserActor): Me {
  return {
    user: actor.user,
    org: { id: actor.org.id, name: actor.org.name },
    nation: actor.nation,
    permissions: PERMISSIONS.filter((p) => hasPermission(actor.user.roles, p)),
    node: { nation: ctx.node.nation, nodeId: ctx.node.nodeId },
  };
}
