// The coach's framework, assembled from the two source documents: the three-step trade-off protocol (name it, price
// it, let those who bear the consequences decide), surfacing the unspoken needs, checking in when it heats up,
// bringing the problem rather than the solution, a shared language for trade-offs, tech debt in business terms, and
// seeing the tension as structural before it is personal. Debrief observations and playbook entries point at these.
export const FRAMEWORK_STEPS = [
  'structural',
  'name_tradeoff',
  'price_risks',
  'bearers_decide',
  'surface_needs',
  'protect_relationship',
  'problem_first',
  'shared_language',
  'tech_debt',
] as const;
export type FrameworkStep = (typeof FRAMEWORK_STEPS)[number];

export const STEP_TITLES: Record<FrameworkStep, string> = {
  structural: 'See the tension as structural, not personal',
  name_tradeoff: 'Name the trade-off',
  price_risks: 'Price the risks',
  bearers_decide: 'Let those who bear the consequences decide',
  surface_needs: 'Surface the unspoken needs',
  protect_relationship: 'Check in when it heats up',
  problem_first: 'Bring the problem, not the solution',
  shared_language: 'Build a shared language for trade-offs',
  tech_debt: 'Put tech debt in business terms',
};
