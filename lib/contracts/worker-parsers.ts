// The contracts the service worker parses, as plain functions. Here they run
// zod (Node, tests, the console); the worker bundles replace this module with
// code compiled from these same schemas (lib/build/contract-parsers.ts), so
// the worker carries no zod. To parse another contract in the worker, add it
// to `workerSchemas` and export its parser below.
import type { z } from 'zod';
import { momentRuleSchema, type MomentRule } from './moment-rule';
import { type KairosPushMessage, kairosPushMessageSchema, pushPayloadSchema, type PushPayload } from './push';

/** Exported name → schema; the build compiles one function per entry. */
export const workerSchemas = {
  parseMomentRule: momentRuleSchema,
  parsePushPayload: pushPayloadSchema,
  parseKairosPushMessage: kairosPushMessageSchema,
} satisfies Record<string, z.ZodType>;

const parser =
  <T>(schema: z.ZodType<T>) =>
  (input: unknown): T | undefined => {
    const result = schema.safeParse(input);
    return result.success ? result.data : undefined;
  };

/** A published moment rule with its defaults filled in, or undefined where the contract refuses it. */
export const parseMomentRule: (input: unknown) => MomentRule | undefined = parser(momentRuleSchema);
/** A push message's payload, or undefined where it is not one of ours. */
export const parsePushPayload: (input: unknown) => PushPayload | undefined = parser(pushPayloadSchema);
/** A declarative push message Kairos sent, or undefined where it is not one of ours. */
export const parseKairosPushMessage: (input: unknown) => KairosPushMessage | undefined =
  parser(kairosPushMessageSchema);
