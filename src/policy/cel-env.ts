// The CEL environment policies are checked against: tool, target, principal, and each pack's facts,
// typed from the packs' zod schemas so a condition naming an unknown fact fails at load, not at run time.
import { Environment } from '@marcbachmann/cel-js';
import { z } from 'zod';

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  additionalProperties?: JsonSchema | boolean;
  enum?: unknown[];
  anyOf?: JsonSchema[];
};

export interface FactNamespace {
  key: string;
  schema: z.ZodObject;
}

const TargetFacts = z.object({ name: z.string(), type: z.string(), labels: z.record(z.string(), z.string()) });
const PrincipalFacts = z.object({ id: z.string(), name: z.string(), groups: z.array(z.string()), kind: z.string() });

/** Builds the environment once, at policy load. */
export function createPolicyEnvironment(namespaces: readonly FactNamespace[]): Environment {
  const env = new Environment({ unlistedVariablesAreDyn: false, homogeneousAggregateLiterals: false });
  env.registerVariable('tool', 'string');
  const types = new Map<string, Record<string, string>>();
  const declare = (name: string, schema: z.ZodObject) => {
    const fields = objectFields(toJsonSchema(schema), name, types);
    for (const [typeName, typeFields] of types) env.registerType(typeName, { fields: typeFields });
    types.clear();
    env.registerVariable({ name, schema: fields });
  };
  declare('target', TargetFacts);
  declare('principal', PrincipalFacts);
  for (const ns of namespaces) declare(ns.key, ns.schema);
  return env;
}

function toJsonSchema(schema: z.ZodType): JsonSchema {
  return z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' }) as JsonSchema;
}

function objectFields(schema: JsonSchema, path: string, types: Map<string, Record<string, string>>): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [key, prop] of Object.entries(schema.properties ?? {})) fields[key] = celType(prop, `${path}_${key}`, types);
  return fields;
}

/** Maps one JSON Schema node to a CEL type name; nested objects become registered types. */
function celType(schema: JsonSchema, path: string, types: Map<string, Record<string, string>>): string {
  if (schema.anyOf) {
    const nonNull = schema.anyOf.filter((s) => s.type !== 'null');
    return nonNull.length === 1 ? celType(nonNull[0] as JsonSchema, path, types) : 'dyn';
  }
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'boolean':
      return 'bool';
    case 'string':
      return 'string';
    case 'number':
    case 'integer':
      return 'double';
    case 'array':
      return `list<${schema.items ? celType(schema.items, path, types) : 'dyn'}>`;
    case 'object': {
      if (!schema.properties) {
        const value = typeof schema.additionalProperties === 'object' ? celType(schema.additionalProperties, path, types) : 'dyn';
        return `map<string, ${value}>`;
      }
      const name = typeName(path);
      types.set(name, objectFields(schema, path, types));
      return name;
    }
    default:
      return 'dyn';
  }
}

function typeName(path: string): string {
  return path
    .split('_')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}
