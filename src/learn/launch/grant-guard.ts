import type { FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import { addressSubject, type Budget, type TrafficBudgets } from '../../platform/guard/index.js';
import { AppError, hostnameOfOrigin } from '../../platform/http/index.js';
import type { LaunchGrant, LaunchGrants } from './launch-grants.service.js';
import { markPolicyGuard } from '../../platform/access/index.js';
import { contentPolicy } from '../content/content.policy.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The launch credential a content-origin request carries in its path; set by `GrantGuard.require`. */
    grant?: LaunchGrant;
  }
}

export type GrantPurpose = 'files' | 'commit';

/**
 * The content origin's guard: launch credentials, and the rate limits of the traffic they carry.
 * A live credential has budgets of its own (commits per attempt, files per credential), so a
 * class behind one address never shares a budget; a credential that opens nothing (forged,
 * ended, another site's) counts against its client address, and an address past that budget
 * gets no more lookups of credentials this node does not know until the minute is over.
 */
export class GrantGuard {
  constructor(
    readonly grants: LaunchGrants,
    private readonly budgets?: TrafficBudgets,
  ) {}

  /**
   * An onRequest hook of the content origin: the request's `:token` must be a live launch credential,
   * used on the content host it was issued for (another site's content host gets nothing). Cookies
   * are never read here: content reaches nothing by the app session.
   */
  require(purpose: GrantPurpose): onRequestAsyncHookHandler {
    return markPolicyGuard(async (request) => {
      request.grant = await this.admit(request, purpose);
    }, contentPolicy, purpose);
  }

  /**
   * The same checks for a scope that authenticates each request itself (the content origin's LRS):
   * the live grant of the request's `:token`, or an AppError (`LEARN_LAUNCH_INVALID`, `LEARN_LAUNCH_ENDED`,
   * `LEARN_LAUNCH_PREVIEW`); its traffic is charged to the grant's budget.
   */
  async admit(request: FastifyRequest, purpose: GrantPurpose): Promise<LaunchGrant> {
    const token = (request.params as { token?: string }).token ?? '';
    const address = this.addressBudget(request);
    const refuse = (code: 'LEARN_LAUNCH_ENDED' | 'LEARN_LAUNCH_INVALID'): never => {
      if (address) this.budgets!.note(address);
      throw new AppError(code);
    };
    // An address past its budget gets no more database lookups of credentials this node does not know.
    const check = await this.grants.check(token, purpose, Date.now(), address && (() => this.budgets!.assertLeft(request, address)));
    if (!check.ok) return refuse(check.reason === 'ended' ? 'LEARN_LAUNCH_ENDED' : 'LEARN_LAUNCH_INVALID');
    if (hostnameOfOrigin(check.grant.contentOrigin) !== request.hostname.replace(/^\[|\]$/g, '').toLowerCase()) return refuse('LEARN_LAUNCH_INVALID');
    // What the credential may do is the content policy's: a preview's reads files and commits nothing.
    if (!contentPolicy.can({ kind: 'launch', userId: check.grant.userId, credential: check.grant.kind }, purpose)) {
      throw new AppError(check.grant.kind === 'preview' ? 'LEARN_LAUNCH_PREVIEW' : 'LEARN_LAUNCH_INVALID');
    }
    // Refusals are audited for the credential's site (the content host belongs to none).
    if (this.budgets) await this.budgets.charge(request, this.grantBudget(check.grant, purpose), hostnameOfOrigin(check.grant.appOrigin));
    return check.grant;
  }

  private addressBudget(request: FastifyRequest): Budget | undefined {
    const limit = this.budgets?.limits.contentIpPerMinute ?? 0;
    return limit > 0 ? { scope: 'content_ip', subject: `content_ip:${addressSubject(request.ip)}`, limit } : undefined;
  }

  private grantBudget(grant: LaunchGrant, purpose: GrantPurpose): Budget {
    const limits = this.budgets!.limits;
    return purpose === 'commit'
      ? { scope: 'attempt', subject: `attempt:${grant.attemptId ?? grant.id}`, limit: limits.attemptCommitsPerMinute }
      : { scope: 'launch', subject: `launch:${grant.id}`, limit: limits.launchFilesPerMinute };
  }
}

export function grantOf(request: FastifyRequest): LaunchGrant {
  if (!request.grant) throw new AppError('LEARN_LAUNCH_INVALID');
  return request.grant;
}

/** An attempt's credential, with the learner and session it always has; any other kind records nothing in Learn (`LEARN_LAUNCH_PREVIEW`). */
export function attemptGrantOf(grant: LaunchGrant): LaunchGrant & { attemptId: string; userId: string; sessionIdHash: string } {
  if (grant.kind !== 'attempt' || !grant.attemptId || !grant.userId || !grant.sessionIdHash) throw new AppError('LEARN_LAUNCH_PREVIEW');
  return grant as LaunchGrant & { attemptId: string; userId: string; sessionIdHash: string };
}
