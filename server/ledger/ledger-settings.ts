// A team's ledger settings: how it scores, how it turns tech debt's business terms into the same scale as features,
// and the quality budget it agreed to. A team that never changed anything gets these defaults.
import type { Method } from './explanation.ts';

export type IceRule = 'average' | 'product';

export interface LedgerSettings {
  /** The scoring method the ranking uses unless a request asks for another. */
  method: Method;
  /** ICE's combining rule: some teams average the three numbers (7, 4, 8 -> 6.33), some multiply them (224). */
  iceRule: IceRule;
  /** RICE's reach period is a quarter; debt interest is paid per sprint, so this converts one into the other. */
  sprintsPerQuarter: number;
  /** Converts a cleanup's hours into RICE effort (person-months). */
  hoursPerPersonMonth: number;
  /** Loaded cost of one engineering hour (salary, overhead), in dollars: prices debt interest. */
  loadedHourlyCost: number;
  /**
   * RICE bridge: what one unit of reach x impact is worth per quarter, in dollars (reaching one customer with
   * medium impact). A debt item's dollars per quarter divided by this is its reach x impact.
   */
  valuePerReachImpact: number;
  /** ICE bridge: dollars per quarter that count as impact 10; less scales down linearly (minimum 1). */
  iceImpactTenAt: number;
  /** WSJF bridge: dollars per quarter that count as 20 risk reduction; less snaps to the nearest ladder step. */
  wsjfTwentyAt: number;
  /** The share of each sprint's capacity the team agreed to spend on debt (0.2 = 20%). */
  qualityShare: number;
  /** Warn when the debt share stays under qualityShare for this many sprints in a row. */
  qualityWindow: number;
  /** A commitment due within this many days raises a "due soon" alert. */
  dueSoonDays: number;
}

export const DEFAULT_SETTINGS: Readonly<LedgerSettings> = {
  method: 'rice',
  iceRule: 'average',
  sprintsPerQuarter: 6,
  hoursPerPersonMonth: 160,
  loadedHourlyCost: 100,
  valuePerReachImpact: 100,
  iceImpactTenAt: 100_000,
  wsjfTwentyAt: 100_000,
  qualityShare: 0.2,
  qualityWindow: 3,
  dueSoonDays: 14,
};
