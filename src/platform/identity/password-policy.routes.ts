import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requestLanguage } from '../http/request-context.js';
import { tenantOf } from '../tenancy/tenant-resolver.js';
import { settingsOf } from '../tenancy/tenant-settings.js';
import { PASSWORD_MAX_BYTES } from './identity.contract.js';
import { passwordRuleMessage, policyOf, unmetPasswordRules, type PasswordRule } from './password-policy.js';
import { markRoutesSensitive } from '../http/force-https.js';
import { publicRoute } from '../access/route-access.js';

const ruleView = z.object({ rule: z.string(), message: z.string() });

export const passwordPolicyRoutes: FastifyPluginAsyncZod = async (app) => {
    markRoutesSensitive(app);
  app.get(
    '/api/tenant/password-policy',
    {
      onRequest: publicRoute('the forms that choose a password before anyone is signed in'),
      schema: {
        tags: ['auth'],
        summary: "This site's password rules, worded for display",
        response: {
          200: z.object({
            minLength: z.number().int(),
            requireUppercase: z.boolean(),
            requireLowercase: z.boolean(),
            requireDigit: z.boolean(),
            requireSymbol: z.boolean(),
            rules: z.array(ruleView),
          }),
        },
      },
    },
    async (request) => {
      const policy = policyOf(settingsOf(tenantOf(request)));
      const language = requestLanguage(request);
      const rules: PasswordRule[] = ['min_length'];
      if (policy.requireUppercase) rules.push('uppercase');
      if (policy.requireLowercase) rules.push('lowercase');
      if (policy.requireDigit) rules.push('digit');
      if (policy.requireSymbol) rules.push('symbol');
      rules.push('common', 'personal', 'context');
      return { ...policy, rules: rules.map((rule) => ({ rule, message: passwordRuleMessage(rule, policy)[language] })) };
    },
  );

  app.post(
    '/api/tenant/password-policy/check',
    {
      onRequest: publicRoute('the forms that choose a password before anyone is signed in'),
      schema: {
        tags: ['auth'],
        summary: 'Which rules a password candidate misses (for live feedback while typing)',
        body: z.object({
          password: z.string().max(PASSWORD_MAX_BYTES * 4),
          email: z.string().max(254).optional(),
          firstName: z.string().max(100).optional(),
          lastName: z.string().max(100).optional(),
        }),
        response: { 200: z.object({ acceptable: z.boolean(), unmet: z.array(ruleView) }) },
      },
    },
    async (request) => {
      const tenant = tenantOf(request);
      const policy = policyOf(settingsOf(tenant));
      const { password, ...person } = request.body;
      const unmet = unmetPasswordRules(password, policy, person, tenant);
      const language = requestLanguage(request);
      return { acceptable: unmet.length === 0, unmet: unmet.map((rule) => ({ rule, message: passwordRuleMessage(rule, policy)[language] })) };
    },
  );
};
