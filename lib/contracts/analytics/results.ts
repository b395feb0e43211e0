import type { ArmOutcome, Recipient, ResultsGoal } from '../campaign-results';

/** A campaign's outcomes per arm over the loaded events, for these recipients. */
export interface CampaignOutcomeParams {
  campaignId: number;
  recipients: Recipient[];
  goal: ResultsGoal;
  /** Goal events after this time (epoch ms) are not counted. */
  asOf: number;
}

export interface ResultsCalls {
  campaignOutcomes: { params: CampaignOutcomeParams; result: ArmOutcome[] };
}
