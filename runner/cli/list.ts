import { AUTO_CHECKS } from '../engine/auto-checks.js';
import { runnableRevisions } from '../engine/bootstrap.js';
import { loadScenarios } from '../engine/load.js';
import { requirementsOf } from '../engine/requirements.js';
import type { LoadedScenario } from '../engine/scenario.js';
import { describeRevision, inRange, namedRevisions, parseRevisionChoice, REVISIONS, type Revision } from '../revisions.js';
import type { ListCommand } from './args.js';

/**
 * The text of `mcp-conformance list`: what the tool knows, without running anything. Everything
 * comes from data: the revision descriptors, each scenario's declared checks, the catalogues.
 */
export async function listCommand(cmd: ListCommand): Promise<string> {
  const revisions: readonly Revision[] = namedRevisions(parseRevisionChoice(cmd.specVersion) ?? 'all') ?? REVISIONS;
  const scenarios = (await loadScenarios()).filter((s) => revisions.some((r) => inRange(r, s.since, s.until)));
  const out: string[] = [];
  const want = (what: ListCommand['what']): boolean => cmd.what === 'all' || cmd.what === what;

  if (want('revisions')) {
    out.push('Revisions (era, how a connection starts, wire version; auto runs the newest dated one a target supports, all every one):');
    for (const r of revisions) {
      const d = describeRevision(r);
      const era = d.stateful ? 'stateful: the initialize handshake, one session per process or Mcp-Session-Id' : 'stateless: per-request _meta, server/discover, no session';
      const wire = d.wireVersion === r ? '' : `, spelled ${d.wireVersion} on the wire`;
      out.push(`  ${r.padEnd(10)}  ${era}${wire}${runnableRevisions().includes(r) ? '' : '  (not runnable yet: its bootstrap is not implemented)'}`);
    }
    out.push('');
  }
  if (want('scenarios')) {
    out.push('Scenarios (id, runs at, transports, checks, title; "(generated)": written by npm run gen from the schemas):');
    const width = Math.max(0, ...scenarios.map((s) => s.id.length));
    for (const s of scenarios) {
      const title = s.generated ? `(generated) ${s.title}` : s.title;
      out.push(`  ${s.id.padEnd(width)}  ${range(s).padEnd(24)}  ${(s.transports ?? ['any']).join(',').padEnd(22)}  ${String(Object.keys(s.checks).length).padStart(2)}  ${title}`);
    }
    out.push('');
  }
  if (want('checks')) {
    out.push('Checks (scenario#check, requirement):');
    const rows = scenarios.flatMap((s) => Object.entries(s.checks).map(([id, requirement]) => [`${s.id}#${id}`, requirement] as const));
    const width = Math.max(0, ...rows.map(([key]) => key.length));
    for (const [key, requirement] of rows) out.push(`  ${key.padEnd(width)}  ${requirement}`);
    for (const auto of AUTO_CHECKS) out.push(`  ${`(every ${auto.roles.join('/')} scenario${auto.transports ? ` over ${auto.transports.join(', ')}` : ''})#${auto.id}`.padEnd(width)}  ${auto.requirement}`);
    out.push('');
  }
  if (want('requirements') || want('coverage')) {
    const seen = new Map<string, { keyword: string; summary: string; unchecked?: string; revisions: Revision[] }>();
    for (const r of revisions) {
      for (const req of requirementsOf(r).values()) {
        const row = seen.get(req.id) ?? { keyword: req.keyword, summary: req.summary, revisions: [], ...(req.unchecked ? { unchecked: req.unchecked } : {}) };
        row.revisions.push(r);
        seen.set(req.id, row);
      }
    }
    // How many declared checks enforce each requirement: the coverage of the catalogue.
    const cited = new Map<string, number>();
    for (const id of [...scenarios.flatMap((s) => Object.values(s.checks)), ...AUTO_CHECKS.map((a) => a.requirement)]) cited.set(id, (cited.get(id) ?? 0) + 1);
    const rows = [...seen].sort(([a], [b]) => a.localeCompare(b));
    const width = Math.max(0, ...[...seen.keys()].map((k) => k.length));
    const span = (row: { revisions: Revision[] }): string => (row.revisions.length === 1 ? row.revisions[0]! : `${row.revisions[0]}..${row.revisions.at(-1)}`);
    if (want('requirements')) {
      const covered = rows.filter(([id]) => cited.has(id)).length;
      out.push(`Requirements (id, keyword, revisions, checks, summary): ${covered} of ${seen.size} checked`);
      for (const [id, row] of rows) {
        out.push(`  ${id.padEnd(width)}  ${row.keyword.padEnd(10)}  ${span(row).padEnd(22)}  ${String(cited.get(id) ?? 0).padStart(2)}  ${row.summary}`);
      }
      out.push('');
    }
    if (want('coverage')) {
      // The requirements no check enforces: with the reason where the catalogue gives one, else a gap.
      const open = rows.filter(([id]) => !cited.has(id));
      const explained = open.filter(([, row]) => row.unchecked !== undefined);
      out.push(`Coverage notes (requirements no check enforces, with the reason): ${explained.length} explained, ${open.length - explained.length} not checked yet`);
      for (const [id, row] of open) {
        out.push(`  ${id.padEnd(width)}  ${row.keyword.padEnd(10)}  ${span(row).padEnd(22)}  ${row.unchecked ?? 'not checked yet'}`);
      }
      out.push('');
    }
  }
  return out.join('\n');
}

function range(s: LoadedScenario): string {
  return s.until ? `${s.since}..<${s.until}` : `${s.since}+`;
}
