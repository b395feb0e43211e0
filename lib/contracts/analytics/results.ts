import type { ArmOutcome, BreakdownOutcomes, Recipient, ResultsGoal } from '../campaign-results';
import type { GlobalHoldout } from '../global-holdout';
import type { MomentGroupOutcome } from '../moment-results';
import type { IntentCutPoints } from '../profile';

/** A campaign's outcomes per arm over the loaded events, for these recipients. */
export interface CampaignOutcomeParams {
  campaignId: number;
  recipients: Recipient[];
  goal: ResultsGoal;
  /** Goal events after this time (epoch ms) are not counted. */
  asOf: number;
}

/** The breakdowns also need when RFM is scored (the first send) and the intent tiers' cut points. */
export interface CampaignBreakdownParams extends CampaignOutcomeParams {
  rfmAsOf: number;
  intent: IntentCutPoints;
}

/** The global holdout's group against everyone else active in [from, to). */
export interface HoldoutOutcomeParams {
  holdout: GlobalHoldout;
  goal: ResultsGoal;
  from: number;
  to: number;
}

export interface GroupOutcome {
  visitors: number;
  converted: number;
  revenue: number;
}

export interface ResultsCalls {
  campaignOutcomes: { params: CampaignOutcomeParams; result: ArmOutcome[] };
  campaignBreakdowns: { params: CampaignBreakdownParams; result: BreakdownOutcomes };
  momentOutcomes: {
    params: { ruleId: number; goal: ResultsGoal; asOf: number };
    result: { fired: MomentGroupOutcome; heldOut: MomentGroupOutcome };
  };
  holdoutOutcomes: { params: HoldoutOutcomeParams; result: { heldOut: GroupOutcome; reached: GroupOutcome } };
}
