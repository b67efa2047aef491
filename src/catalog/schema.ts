import { z } from 'zod';

/** The sixteen Amazon Leadership Principles, by stable id. The YAML must define exactly these. */
export const PRINCIPLE_IDS = [
  'customer-obsession',
  'ownership',
  'invent-and-simplify',
  'are-right-a-lot',
  'learn-and-be-curious',
  'hire-and-develop-the-best',
  'insist-on-the-highest-standards',
  'think-big',
  'bias-for-action',
  'frugality',
  'earn-trust',
  'dive-deep',
  'have-backbone-disagree-and-commit',
  'deliver-results',
  'strive-to-be-earths-best-employer',
  'success-and-scale-bring-broad-responsibility',
] as const;
export type PrincipleId = (typeof PRINCIPLE_IDS)[number];

export const ROUNDS = [1, 2, 3, 4, 5] as const;
export type Round = (typeof ROUNDS)[number];

export const ROUND_TITLES: Record<Round, string> = {
  1: 'Data Modeling & Warehousing',
  2: 'Data Pipeline Development & Automation',
  3: 'Cloud Architecture & Security',
  4: 'System Design',
  5: 'Behavioral & Leadership Principles',
};

const slug = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be a lowercase slug like "r1-star-schema-grain"');

export const keyPointSchema = z.object({
  point: z.string().min(3),
  synonyms: z.array(z.string().min(2)).min(1),
});

export const questionSchema = z.object({
  id: slug,
  round: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5)]),
  kind: z.enum(['technical', 'behavioral']),
  prompt: z.string().min(20),
  principles: z.array(z.enum(PRINCIPLE_IDS)).min(1).max(3),
  difficulty: z.union([z.literal(1), z.literal(2), z.literal(3)]),
  followUps: z.array(z.string().min(10)).min(2),
  keyPoints: z.array(keyPointSchema).min(2).max(8),
  tags: z.array(slug).min(1),
});

export const questionFileSchema = z.object({
  round: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5)]),
  title: z.string(),
  questions: z.array(questionSchema).min(1),
});

export const principleSchema = z.object({
  id: z.enum(PRINCIPLE_IDS),
  name: z.string().min(3),
  summary: z.string().min(40),
  signals: z.array(z.string().min(3)).min(4),
});

export const principleFileSchema = z.object({
  principles: z.array(principleSchema).length(PRINCIPLE_IDS.length),
});

export type KeyPoint = z.infer<typeof keyPointSchema>;
export type Question = z.infer<typeof questionSchema>;
export type Principle = z.infer<typeof principleSchema>;
