// A trade-off record as MADR 4 Markdown (adr.github.io/madr): YAML front matter with status, date,
// decision-makers, consulted and informed; then context and problem statement, decision drivers, considered options,
// the decision outcome ("Chosen option: … because …") with consequences and confirmation, the pros and cons of each
// option, and under More Information what MADR has no section for: the priced risks, the cleanup debt, the sign-offs.
import { stringify } from 'yaml';
import { formatMoney, formatNumber, formatPercent } from './explanation.ts';
import { priceRisk, totalExpectedCost } from './risk-pricing.ts';
import type { BearerRole, TradeOffRecord } from './trade-off-record.ts';

const ROLE_WORDS: Record<BearerRole, string> = { pm: 'PM', engineering_lead: 'engineering lead', other: 'bears consequences' };

export function adrNumber(n: number): string {
  return `ADR-${String(n).padStart(4, '0')}`;
}

/** One line of Markdown: list items and table cells cannot hold line breaks, and a table cell cannot hold a pipe. */
function line(s: string): string {
  return s.replace(/\s*\n\s*/g, ' ').trim();
}
function cell(s: string): string {
  return line(s).replace(/\|/g, '\\|');
}
function day(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export interface MadrLinks {
  /** The number of the record that superseded this one, when it has been. */
  supersededByNumber?: number;
  supersedesNumber?: number;
}

export function madrMarkdown(record: TradeOffRecord, links: MadrLinks = {}): string {
  const c = record.content;
  const status =
    record.status === 'superseded' && links.supersededByNumber !== undefined
      ? `superseded by ${adrNumber(links.supersededByNumber)}`
      : record.status;
  const front = stringify(
    {
      status,
      date: day(record.decidedAt ?? record.updatedAt),
      'decision-makers': c.bearers.map((b) => `${b.name} (${ROLE_WORDS[b.role]})`),
      consulted: c.consulted,
      informed: c.informed,
    },
    { lineWidth: 0 },
  );
  const out: string[] = ['---', front.trimEnd(), '---', '', `# ${adrNumber(record.number)} ${line(c.title)}`, ''];

  out.push('## Context and Problem Statement', '', c.context.trim(), '');
  if (c.drivers.length > 0) out.push('## Decision Drivers', '', ...c.drivers.map((d) => `* ${line(d)}`), '');
  out.push('## Considered Options', '', ...c.options.map((o) => `* ${line(o.title)}`), '');

  const chosen = c.options.find((o) => o.id === c.chosenOption);
  out.push('## Decision Outcome', '');
  out.push(
    chosen ? `Chosen option: "${line(chosen.title)}", because ${line(c.because).replace(/\.$/, '')}.` : 'No option chosen yet.',
    '',
  );
  const bad = [...c.consequences.bad];
  if (c.cleanup)
    bad.push(
      `it creates cleanup debt: ${c.cleanup.description} (${formatNumber(c.cleanup.hours)} hours), due ${c.cleanup.dueOn}`,
    );
  if (c.risks.length > 0)
    bad.push(`we accept risks with an expected cost of ${formatMoney(totalExpectedCost(c.risks))} (see More Information)`);
  if (c.consequences.good.length + bad.length > 0) {
    out.push(
      '### Consequences',
      '',
      ...c.consequences.good.map((g) => `* Good, because ${line(g)}`),
      ...bad.map((b) => `* Bad, because ${line(b)}`),
      '',
    );
  }
  if (c.confirmation.trim() !== '') out.push('### Confirmation', '', c.confirmation.trim(), '');

  out.push('## Pros and Cons of the Options', '');
  for (const o of c.options) {
    out.push(`### ${line(o.title)}`, '');
    if (o.description.trim() !== '') out.push(o.description.trim(), '');
    const args = [...o.pros.map((p) => `* Good, because ${line(p)}`), ...o.cons.map((x) => `* Bad, because ${line(x)}`)];
    if (args.length > 0) out.push(...args, '');
  }

  out.push('## More Information', '');
  if (c.risks.length > 0) {
    out.push(
      '### Priced risks',
      '',
      '| Risk | Probability | Cost if it happens | Expected cost (EMV) |',
      '| --- | --- | --- | --- |',
    );
    for (const r of c.risks.map(priceRisk)) {
      out.push(`| ${cell(r.text)} | ${formatPercent(r.probability)} | ${formatMoney(r.cost)} | ${formatMoney(r.emv)} |`);
    }
    out.push(`| **Total** | | | **${formatMoney(totalExpectedCost(c.risks))}** |`, '');
  }
  if (c.cleanup) {
    out.push(
      '### Cleanup debt',
      '',
      `${line(c.cleanup.description)}: ${formatNumber(c.cleanup.hours)} hours, due ${c.cleanup.dueOn}.`,
      '',
    );
  }
  const signed = new Map(record.signOffs.filter((s) => s.revision === record.revision).map((s) => [s.personId, s.signedAt]));
  out.push('### Who bears the consequences', '', '| Person | Role | Bears | Signed off |', '| --- | --- | --- | --- |');
  for (const b of c.bearers) {
    const at = signed.get(b.personId);
    out.push(`| ${cell(b.name)} | ${ROLE_WORDS[b.role]} | ${cell(b.bears)} | ${at ? at.toISOString() : 'not yet'} |`);
  }
  out.push('');
  const history = [`Written ${record.writtenAt.toISOString()}`];
  if (record.decidedAt) history.push(`decided ${record.decidedAt.toISOString()}`);
  if (links.supersedesNumber !== undefined) history.push(`supersedes ${adrNumber(links.supersedesNumber)}`);
  if (links.supersededByNumber !== undefined) history.push(`superseded by ${adrNumber(links.supersededByNumber)}`);
  out.push(`${history.join('; ')}. Revision ${record.revision}.`, '');
  return out.join('\n');
}
