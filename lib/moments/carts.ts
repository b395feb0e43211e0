// Cart rules: a `Product Added` starts a wait; each cart rule answers the cart
// once, when its `afterMinutes` have passed without an `Order Completed`.
// Pure: the moment service keeps the cart and acts on what these return.
import type { MomentRule } from '../contracts/moment-rule';
import type { CompiledRule, MomentDecision } from './decision';

export interface CartState {
  startedAt: number;
  /** Cart rules already decided for this cart: each answers a cart once. */
  decided: number[];
}

const waitingRules = (rules: readonly CompiledRule[], cart: CartState) =>
  rules.filter(({ rule }) => rule.trigger.kind === 'cartAbandoned' && !cart.decided.includes(rule.id));

const dueAt = (rule: MomentRule, cart: CartState) =>
  rule.trigger.kind === 'cartAbandoned' ? cart.startedAt + rule.trigger.afterMinutes * 60_000 : Infinity;

export interface CartCheck {
  /** Rules whose wait is over now: decide them. */
  due: number[];
  /** The cart with those rules marked decided (the same cart when none is due). */
  cart: CartState;
  /** When the next waiting rule comes due, if any still waits. */
  nextCheckAt: number | undefined;
}

export function checkCart(rules: readonly CompiledRule[], cart: CartState, now: number): CartCheck {
  const waiting = waitingRules(rules, cart);
  const due = waiting.filter(({ rule }) => dueAt(rule, cart) <= now).map(({ rule }) => rule.id);
  const later = waiting.filter(({ rule }) => !due.includes(rule.id)).map(({ rule }) => dueAt(rule, cart));
  return {
    due,
    cart: due.length > 0 ? { ...cart, decided: [...cart.decided, ...due] } : cart,
    nextCheckAt: later.length > 0 ? Math.min(...later) : undefined,
  };
}

/** The order came before the wait was over: each waiting cart rule logs why it stays silent. */
export const silencedByOrder = (rules: readonly CompiledRule[], cart: CartState, now: number): MomentDecision[] =>
  waitingRules(rules, cart).map(({ rule }) => ({
    at: now,
    ruleId: rule.id,
    ruleVersion: rule.version,
    trigger: 'cartAbandoned',
    outcome: 'skipped',
    reason: 'orderCompleted',
  }));
