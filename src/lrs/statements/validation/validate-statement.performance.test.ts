import { describe, expect, it } from 'vitest';
import { TYPICAL_STATEMENT } from './statement-fixtures.test-support.js';
import { validateStatement } from './validate-statement.js';

/**
 * Every statement an LRS stores is validated first. A typical one (mbox actor, verb with display,
 * Activity with definition, scored result, context with registration and context activities)
 * takes a few microseconds; the bound below is loose because the test machines are shared and noisy.
 */
describe('validating a typical statement', () => {
  it('takes well under 200 µs on average over 10,000 runs', () => {
    const statements = Array.from({ length: 100 }, () => structuredClone(TYPICAL_STATEMENT));
    for (let run = 0; run < 5_000; run++) validateStatement(statements[run % 100], '2.0');

    const runs = 10_000;
    let valid = 0;
    const started = performance.now();
    for (let run = 0; run < runs; run++) if (validateStatement(statements[run % 100], run % 2 === 0 ? '2.0' : '1.0').ok) valid++;
    const meanMicroseconds = ((performance.now() - started) * 1000) / runs;

    console.info(`validateStatement, typical statement: ${meanMicroseconds.toFixed(2)} µs on average over ${runs} runs`);
    expect(valid).toBe(runs);
    expect(meanMicroseconds).toBeLessThan(200);
  });
});
