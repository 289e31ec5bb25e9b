// How the ledger's numbers and kinds read on a page.
import type { AlertKind, ItemKind, TradeOffStatus, TrustKind } from '../api/ledger.ts';

const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });
const number = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

export const formatMoney = (n: number) => money.format(n);
export const formatNumber = (n: number) => number.format(n);
export const formatShare = (n: number) => `${Math.round(n * 100)}%`;

export function formatDay(iso: string): string {
  const d = new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
  return d.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
}

export const KIND_WORDS: Record<ItemKind, string> = { feature: 'Feature', debt: 'Tech debt' };

export const STATUS_WORDS: Record<TradeOffStatus, string> = {
  draft: 'Draft',
  proposed: 'Proposed',
  accepted: 'Accepted',
  superseded: 'Superseded',
};

export const ALERT_WORDS: Record<AlertKind, string> = {
  silently_deprioritised: 'Silently deprioritised',
  slipping: 'Slipping',
  due_soon: 'Due soon',
};

export const TRUST_WORDS: Record<TrustKind, string> = {
  scope_change_without_discussion: 'Scope changed without discussion',
  deadline_imposed_without_engineering: 'Deadline imposed without engineering',
  dismissed_concern_caused_incident: 'A dismissed concern caused an incident',
  commitment_dropped: 'Commitment dropped',
  commitment_renegotiated: 'Commitment renegotiated in the open',
  commitment_honoured: 'Commitment honoured',
  trade_off_documented_before_decision: 'Trade-off written down before deciding',
  engineering_in_discovery: 'Engineering in discovery',
  break_acknowledged: 'Break acknowledged',
};

/** A number field's value, or undefined when it is empty (so the server is not sent a zero nobody typed). */
export function numberOrUndefined(s: string): number | undefined {
  const t = s.trim();
  if (t === '') return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : Number.NaN;
}

/** One entry per non-empty line. */
export const lines = (s: string) =>
  s
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
