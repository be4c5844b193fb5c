/**
 * Checks a real response against the OpenAPI document it is published in: the status must be
 * declared for the operation, and the body must match the declared schema in both directions
 * (required fields present, types and enums right, and no field the schema does not declare).
 * Covers the subset @nestjs/swagger emits: $ref, allOf, oneOf, type, nullable, enum, items,
 * properties.
 */
export interface OpenApiDocument {
  paths: Record<string, Record<string, { responses: Record<string, ResponseObject> }>>;
  components: { schemas: Record<string, Schema> };
}
interface ResponseObject {
  content?: Record<string, { schema: Schema }>;
}
interface Schema {
  $ref?: string;
  allOf?: Schema[];
  oneOf?: Schema[];
  type?: string;
  nullable?: boolean;
  enum?: unknown[];
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
}

export function checkResponse(
  doc: OpenApiDocument,
  method: string,
  schemaPath: string,
  status: number,
  contentType: string,
  body: unknown,
): string[] {
  const where = `${method.toUpperCase()} ${schemaPath} -> ${status}`;
  const operation = doc.paths[schemaPath]?.[method.toLowerCase()];
  if (!operation) return [`${where}: operation not in the document`];
  const response = operation.responses[String(status)];
  if (!response)
    return [
      `${where}: status not declared (declared: ${Object.keys(operation.responses).join(', ')})`,
    ];
  const mediaType = contentType.split(';')[0].trim();
  const content = response.content?.[mediaType];
  if (!content) return [`${where}: content type ${mediaType} not declared`];
  const errors: string[] = [];
  validate(doc, content.schema, body, where, errors);
  return errors;
}

function resolve(doc: OpenApiDocument, schema: Schema): Schema {
  if (schema.$ref)
    return resolve(doc, doc.components.schemas[schema.$ref.replace('#/components/schemas/', '')]);
  if (schema.allOf && schema.allOf.length === 1) {
    // @nestjs/swagger wraps a nullable $ref as { nullable, allOf: [$ref] }.
    return { ...resolve(doc, schema.allOf[0]), nullable: schema.nullable };
  }
  return schema;
}

function validate(
  doc: OpenApiDocument,
  raw: Schema,
  value: unknown,
  at: string,
  errors: string[],
): void {
  const schema = resolve(doc, raw);
  if (value === null) {
    if (!schema.nullable) errors.push(`${at}: null but not nullable`);
    return;
  }
  if (schema.oneOf) {
    const matching = schema.oneOf.filter((branch) => {
      const branchErrors: string[] = [];
      validate(doc, branch, value, at, branchErrors);
      return branchErrors.length === 0;
    });
    if (matching.length !== 1)
      errors.push(`${at}: matches ${matching.length} of its oneOf schemas`);
    return;
  }
  if (schema.enum && !schema.enum.includes(value)) {
    errors.push(`${at}: ${JSON.stringify(value)} not in ${JSON.stringify(schema.enum)}`);
  }
  const type = schema.type ?? (schema.properties ? 'object' : 'any');
  switch (type) {
    case 'string':
    case 'boolean':
      if (typeof value !== type)
        errors.push(`${at}: expected ${type}, got ${JSON.stringify(value)}`);
      return;
    case 'number':
    case 'integer':
      if (typeof value !== 'number' || (type === 'integer' && !Number.isInteger(value)))
        errors.push(`${at}: expected ${type}, got ${JSON.stringify(value)}`);
      return;
    case 'array':
      if (!Array.isArray(value)) {
        errors.push(`${at}: expected array`);
        return;
      }
      value.forEach((item, i) => validate(doc, schema.items ?? {}, item, `${at}[${i}]`, errors));
      return;
    case 'object': {
      if (typeof value !== 'object' || Array.isArray(value)) {
        errors.push(`${at}: expected object`);
        return;
      }
      const record = value as Record<string, unknown>;
      const properties = schema.properties ?? {};
      for (const name of schema.required ?? []) {
        if (!(name in record)) errors.push(`${at}.${name}: required but missing`);
      }
      for (const [name, item] of Object.entries(record)) {
        if (properties[name]) validate(doc, properties[name], item, `${at}.${name}`, errors);
        else if (typeof schema.additionalProperties === 'object')
          validate(doc, schema.additionalProperties, item, `${at}.${name}`, errors);
        else if (schema.additionalProperties !== true && Object.keys(properties).length > 0)
          errors.push(`${at}.${name}: not declared in the schema`);
      }
      return;
    }
    default:
      return; // an unconstrained schema
  }
}
