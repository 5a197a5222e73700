import { SESSION_RESPONSE_SCHEMA, SessionResponseDto } from './session-response.dto';

/** Where @nestjs/swagger lists a class's documented properties (its DECORATORS.API_MODEL_PROPERTIES_ARRAY). */
const PROPERTIES = 'swagger/apiModelPropertiesArray';

describe('SESSION_RESPONSE_SCHEMA', () => {
  // Fastify's compiled serializer drops whatever the schema does not name: a field added to the DTO
  // alone would vanish from GET /auth/session without this.
  it('names exactly the fields the OpenAPI document gives SessionResponseDto, all required', () => {
    const documented = (Reflect.getMetadata(PROPERTIES, SessionResponseDto.prototype) as string[]).map(
      (name) => name.replace(/^:/, ''),
    );
    expect(Object.keys(SESSION_RESPONSE_SCHEMA.properties).sort()).toEqual([...documented].sort());
    expect([...SESSION_RESPONSE_SCHEMA.required].sort()).toEqual([...documented].sort());
  });
});
