import { Command } from 'commander';
import { withDb } from './with-db.js';
import { readOnlyLocations, withLocations } from './storage-locations.js';
import { verifyAuditChain, type ChainVerification } from '../platform/audit/verify-audit-chain.js';

/** The verification as an operator reads it: one line per tenant, one per problem. */
export function formatChainVerification(result: ChainVerification): string {
  const lines = result.tenants.map(
    (t) => `${t.tenant}: ${t.entries} entries, head at ${t.headSeq}${t.prunedThroughSeq ? `, pruned through ${t.prunedThroughSeq}` : ''}, ${t.anchors} anchors`,
  );
  for (const e of result.erasedSites) lines.push(`${e.tenant}: deleted with lectern tenant delete on ${e.erasedAt}, its chain then at ${e.headSeq}`);
  for (const u of result.unreachableLocations) lines.push(`warning: the anchor copies at ${u.location} could not be read (${u.error})`);
  if (result.intact) {
    lines.push(`Audit trail intact (${result.tenants.length} ${result.tenants.length === 1 ? 'tenant' : 'tenants'}).`);
  } else {
    lines.push(`AUDIT TRAIL TAMPERED: ${result.problems.length} ${result.problems.length === 1 ? 'problem' : 'problems'} (see docs/audit.md, "When verification fails")`);
    for (const p of result.problems) {
      const where = p.seq === null ? '' : ` seq ${p.seq}${p.toSeq ? `-${p.toSeq}` : ''}`;
      lines.push(`  ${p.tenant}${where}${p.entryId === null ? '' : ` (entry id ${p.entryId})`}: ${p.kind}: ${p.detail}`);
    }
  }
  return lines.join('\n');
}

/** `lectern audit verify`: the audit trail's hash chains and anchors (docs/audit.md). */
export function auditCommand(): Command {
  const audit = new Command('audit').description('the tamper-evident audit trail');
  audit
    .command('verify')
    .description("check every tenant's audit chain and its anchors in the storage; exit 1 when an entry was changed, removed or reordered")
    .option('--tenant <slug>', 'only this tenant')
    .option('--json', 'print JSON')
    .action(async (opts: { tenant?: string; json?: boolean }) => {
      // The anchors' copies are read where they lie: no blob store is opened (which would make a secret key where none is).
      const result = await withDb((db, config) =>
        withLocations(readOnlyLocations(config), (locations) => verifyAuditChain(db, { ...(opts.tenant ? { tenantSlug: opts.tenant } : {}), locations })),
      );
      if (opts.tenant && result.tenants.length === 0) {
        console.error(`--tenant ${opts.tenant}: no such tenant (see lectern tenant list)`);
        process.exitCode = 1;
        return;
      }
      console.log(opts.json ? JSON.stringify(result, null, 2) : formatChainVerification(result));
      if (!result.intact) process.exitCode = 1;
    });
  return audit;
}
