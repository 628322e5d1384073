// The checklist under a new-password field: the site's rules, each met or not for what was typed.
// Pure, so the states are unit-tested; the component feeds it the server's answers.

export interface PasswordRuleText {
  /** Stable name of the rule (min_length, uppercase, digit, common, personal, ...). */
  rule: string;
  /** The rule worded for display, in the UI language (the server words it). */
  message: string;
}

/** The server's verdict on one candidate password. */
export interface PasswordCheckResult {
  acceptable: boolean;
  unmet: PasswordRuleText[];
}

/** unknown: nothing typed yet (or not checked yet), so neither a tick nor a cross. */
export type RuleState = 'met' | 'unmet' | 'unknown';

export interface ChecklistItem extends PasswordRuleText {
  state: RuleState;
}

/**
 * One entry per rule of the site, in the site's order, plus any missed rule the site does not
 * list up front (e.g. the maximum length). Without a verdict every rule is `unknown`.
 */
export function passwordChecklist(rules: readonly PasswordRuleText[], result: PasswordCheckResult | undefined): ChecklistItem[] {
  if (!result) return rules.map((rule) => ({ ...rule, state: 'unknown' }));
  const unmet = new Map(result.unmet.map((rule) => [rule.rule, rule]));
  const items: ChecklistItem[] = rules.map((rule) => {
    const missed = unmet.get(rule.rule);
    return missed ? { ...missed, state: 'unmet' } : { ...rule, state: 'met' };
  });
  const listed = new Set(rules.map((rule) => rule.rule));
  for (const missed of result.unmet) if (!listed.has(missed.rule)) items.push({ ...missed, state: 'unmet' });
  return items;
}

/** How many rules are met, for the summary a screen reader hears. */
export function checklistSummary(items: readonly ChecklistItem[]): { met: number; total: number } {
  return { met: items.filter((item) => item.state === 'met').length, total: items.length };
}
