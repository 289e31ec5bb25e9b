// What the ledger knows about one backlog item, feature or tech debt. Scoring inputs are all optional: an item
// imported from Jira may have none yet, and the ranking says exactly which numbers it still needs.

export type ItemKind = 'feature' | 'debt';
export type ItemStatus = 'open' | 'done' | 'dropped';
export type ItemSource = 'manual' | 'jira' | 'linear';

export interface RiceInputs {
  /** People or events per quarter. */
  reach?: number;
  /** Intercom's ladder: 3, 2, 1, 0.5, 0.25. */
  impact?: number;
  /** Per cent: 100, 80 or 50. */
  confidence?: number;
  /** Person-months, at least 0.5. */
  effort?: number;
}

export interface IceInputs {
  impact?: number;
  confidence?: number;
  ease?: number;
}

export interface WsjfInputs {
  businessValue?: number;
  timeCriticality?: number;
  riskReduction?: number;
  jobSize?: number;
}

/** Tech debt in business terms, as the tech lead states it. */
export interface DebtTerms {
  /** Extra hours every change through this code costs because of the debt (Fowler's interest). */
  extraHoursPerChange: number;
  changesPerSprint: number;
  /** Overrides the team's loaded hourly cost for this item (e.g. a specialist's time). */
  loadedHourlyCost?: number;
  /** Chance of an outage caused by this debt in a quarter, 0 to 1. */
  outageProbability: number;
  costPerOutage: number;
  /** The cleanup: hours to pay the debt off. */
  principalHours: number;
  /** Ids of roadmap items this debt slows down. */
  slows: string[];
}

/** A specific risk with its price: probability (0 to 1) and what it costs if it happens. */
export interface PricedRisk {
  text: string;
  probability: number;
  cost: number;
}

export interface LedgerItem {
  id: string;
  teamId: string;
  kind: ItemKind;
  title: string;
  description: string;
  externalKey: string | null;
  source: ItemSource;
  status: ItemStatus;
  /** The team's sprint estimate, in the same points as sprint capacity. */
  points: number | null;
  rice: RiceInputs;
  ice: IceInputs;
  wsjf: WsjfInputs;
  debt: DebtTerms | null;
  risks: PricedRisk[];
  createdAt: Date;
  updatedAt: Date;
}

/** An item as it is created: the store adds its id, team and times. */
export type NewItem = Omit<LedgerItem, 'id' | 'teamId' | 'createdAt' | 'updatedAt'>;
