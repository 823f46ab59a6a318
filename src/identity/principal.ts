// Who is calling: the one shape every stage (policy, approval, audit) sees.
import { z } from 'zod';

export const PrincipalSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  groups: z.array(z.string()),
  kind: z.enum(['human', 'agent', 'service']),
});

export type Principal = z.infer<typeof PrincipalSchema>;
