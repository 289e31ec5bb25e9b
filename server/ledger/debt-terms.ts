// Tech debt in the business terms a PM can weigh against a feature (Fowler's interest metaphor, priced):
// interest per sprint = extra hours per change × changes per sprint × loaded hourly cost; outage exposure =
// probability per quarter × cost per outage; payback = principal ÷ interest per sprint. Their sum per quarter is what
// paying the debt off is worth, and that is what the scoring methods convert to their own scales.
import { formatMoney, formatNumber, formatPercent } from './explanation.ts';
import type { DebtTerms } from './ledger-item.ts';
import type { LedgerSettings } from './ledger-settings.ts';

export interface DebtInBusinessTerms {
  interestHoursPerSprint: number;
  interestPerSprint: number;
  interestPerQuarter: number;
  outageExposurePerQuarter: number;
  /** Interest plus outage exposure: what the debt costs the business per quarter while it stays. */
  costPerQuarter: number;
  principalHours: number;
  principalCost: number;
  /** Sprints of interest the cleanup costs; null when the debt charges no interest (it never pays back in time). */
  paybackSprints: number | null;
  slows: string[];
  hourlyCost: number;
  /** Each conversion as a sentence with its numbers. */
  sentences: { interest: string; exposure: string; payback: string; perQuarter: string };
}

export function debtInBusinessTerms(
  debt: DebtTerms,
  settings: Pick<LedgerSettings, 'loadedHourlyCost' | 'sprintsPerQuarter'>,
): DebtInBusinessTerms {
  const hourlyCost = debt.loadedHourlyCost ?? settings.loadedHourlyCost;
  const interestHoursPerSprint = debt.extraHoursPerChange * debt.changesPerSprint;
  const interestPerSprint = interestHoursPerSprint * hourlyCost;
  const interestPerQuarter = interestPerSprint * settings.sprintsPerQuarter;
  const outageExposurePerQuarter = debt.outageProbability * debt.costPerOutage;
  const costPerQuarter = interestPerQuarter + outageExposurePerQuarter;
  const principalCost = debt.principalHours * hourlyCost;
  const paybackSprints = interestHoursPerSprint > 0 ? debt.principalHours / interestHoursPerSprint : null;
  const interest =
    `interest ${formatNumber(debt.extraHoursPerChange)} extra hours per change × ${formatNumber(debt.changesPerSprint)} ` +
    `changes per sprint × ${formatMoney(hourlyCost)} an hour = ${formatMoney(interestPerSprint)} per sprint`;
  const exposure =
    `outage exposure ${formatPercent(debt.outageProbability)} per quarter × ${formatMoney(debt.costPerOutage)} per outage ` +
    `= ${formatMoney(outageExposurePerQuarter)} per quarter`;
  const payback =
    paybackSprints === null
      ? `the ${formatNumber(debt.principalHours)}-hour cleanup saves no interest, so it never pays back in time saved`
      : `the ${formatNumber(debt.principalHours)}-hour cleanup pays back after ${formatNumber(paybackSprints)} sprints ` +
        `(${formatNumber(debt.principalHours)} h ÷ ${formatNumber(interestHoursPerSprint)} h of interest per sprint)`;
  const perQuarter =
    `${formatMoney(interestPerSprint)} interest per sprint × ${formatNumber(settings.sprintsPerQuarter)} sprints + ` +
    `${formatMoney(outageExposurePerQuarter)} outage exposure = ${formatMoney(costPerQuarter)} per quarter`;
  return {
    interestHoursPerSprint,
    interestPerSprint,
    interestPerQuarter,
    outageExposurePerQuarter,
    costPerQuarter,
    principalHours: debt.principalHours,
    principalCost,
    paybackSprints,
    slows: debt.slows,
    hourlyCost,
    sentences: { interest, exposure, payback, perQuarter },
  };
}
