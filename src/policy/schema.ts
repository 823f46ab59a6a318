// The policy file's shape, declared once: rules with a match, an optional CEL condition, an effect.
import { z } from 'zod';
import { SizeSchema, TimerDurationSchema } from '../config/duration.ts';

export const EffectSchema = z.enum(['allow', 'confirm', 'review', 'deny']);
export type Effect = z.infer<typeof EffectSchema>;

const StringList = z.union([z.string().min(1).transform((s) => [s]), z.array(z.string().min(1))]);

export const RuleMatchSchema = z
  .object({
    tools: StringList.optional().describe('Tool names or globs (postgres_*)'),
    targets: StringList.optional().describe('Target (connection) names or globs'),
    labels: z.record(z.string(), StringList).optional().describe('Target labels; each key must have one of the values'),
    principals: StringList.optional().describe('Principal ids or globs'),
    groups: StringList.optional().describe('The principal is in at least one of these groups'),
  })
  .strict();

export const RuleSchema = z
  .object({
    id: z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9_.:-]*$/, 'rule ids use letters, digits, _ . : -'),
    description: z.string().optional(),
    match: RuleMatchSchema.default({}),
    when: z.string().min(1).optional().describe('CEL condition over the action facts'),
    effect: EffectSchema,
    reason: z.string().min(1).optional().describe('Shown to the agent'),
    approvers: z.array(z.string().min(1)).optional().describe('Groups whose members may approve (review)'),
    approvals: z.number().int().min(1).max(10).optional().describe('Distinct approvers a review needs (default 1)'),
    limits: z
      .object({ timeout: TimerDurationSchema.optional(), maxRows: z.number().int().positive().optional(), maxBytes: SizeSchema.optional() })
      .strict()
      .optional(),
    mask: z.string().min(1).optional().describe('Masking profile name'),
  })
  .strict();

export const PolicyFileSchema = z
  .object({
    default: EffectSchema.optional().describe('Effect when no rule matches (first file that sets it wins; shipped: review)'),
    rules: z.array(RuleSchema).default([]),
  })
  .strict();

export type RuleInput = z.output<typeof RuleSchema>;
export type PolicyFile = z.output<typeof PolicyFileSchema>;
