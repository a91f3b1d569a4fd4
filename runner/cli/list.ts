import { loadScenarios } from '../engine/load.js';
import { requirementsOf } from '../engine/requirements.js';
import { inRange, isRevision, REVISIONS, STATEFUL_REVISIONS, type Revision } from '../revisions.js';
import type { ListCommand } from './args.js';

/** The text of `mcp-conformance list`: what the tool knows, without running anything. */
export async function listCommand(cmd: ListCommand): Promise<string> {
  const revisions: Revision[] = isRevision(cmd.specVersion) ? [cmd.specVersion] : [...REVISIONS];
  const out: string[] = [];
  const want = (what: ListCommand['what']): boolean => cmd.what === 'all' || cmd.what === what;

  if (want('revisions')) {
    out.push('Revisions:');
    for (const r of revisions) out.push(`  ${r}${(STATEFUL_REVISIONS as readonly string[]).includes(r) ? '' : '  (no server suites yet)'}`);
    out.push('');
  }
  if (want('scenarios')) {
    const scenarios = await loadScenarios();
    out.push('Scenarios (id, runs at, transports, title):');
    const width = Math.max(...scenarios.map((s) => s.id.length));
    for (const s of scenarios) {
      const at = revisions.filter((r) => inRange(r, s.since, s.until));
      if (at.length === 0) continue;
      const range = s.until ? `${s.since}..<${s.until}` : `${s.since}+`;
      out.push(`  ${s.id.padEnd(width)}  ${range.padEnd(24)}  ${(s.transports ?? ['any']).join(',').padEnd(22)}  ${s.title}`);
    }
    out.push('');
  }
  if (want('requirements')) {
    const seen = new Map<string, { keyword: string; summary: string; revisions: Revision[] }>();
    for (const r of revisions) {
      for (const req of requirementsOf(r).values()) {
        const row = seen.get(req.id) ?? { keyword: req.keyword, summary: req.summary, revisions: [] };
        row.revisions.push(r);
        seen.set(req.id, row);
      }
    }
    out.push('Requirements (id, keyword, revisions, summary):');
    const width = Math.max(0, ...[...seen.keys()].map((k) => k.length));
    for (const [id, row] of [...seen].sort(([a], [b]) => a.localeCompare(b))) {
      const span = row.revisions.length === 1 ? row.revisions[0] : `${row.revisions[0]}..${row.revisions.at(-1)}`;
      out.push(`  ${id.padEnd(width)}  ${row.keyword.padEnd(10)}  ${String(span).padEnd(22)}  ${row.summary}`);
    }
    out.push('');
  }
  return out.join('\n');
}
