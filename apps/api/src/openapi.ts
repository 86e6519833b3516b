import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';

/** The security scheme of staff logins: the default of every route the guard does not let pass. */
export const STAFF_SECURITY = 'bearer';
/** The security scheme of a booking's manage link (the X-Manage-Token header). */
export const MANAGE_TOKEN_SECURITY = 'manageToken';

/**
 * The API's OpenAPI document, whether or not /api/docs serves it (the web app's generated types and
 * the lint in CI are built from it). It depends on the code alone, not on the configuration: the
 * server is relative, so the same document describes every instance and can be committed.
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const info = new DocumentBuilder()
    .setTitle('Sprechstunde API')
    .setDescription('Video-consultation scheduling for migration and integration counselling')
    .setVersion('0.1.0')
    .setLicense('AGPL-3.0-or-later', 'https://www.gnu.org/licenses/agpl-3.0.html')
    .addServer('/', 'This Sprechstunde instance')
    // Not addBearerAuth(): it declares bearerFormat JWT, and our session tokens are opaque.
    .addSecurity(STAFF_SECURITY, {
      type: 'http',
      scheme: 'bearer',
      description:
        'A staff session token from POST /api/auth/login (opaque random bytes, not a JWT; it ends at logout or expiry)',
    })
    .addSecurity(MANAGE_TOKEN_SECURITY, {
      type: 'apiKey',
      in: 'header',
      name: 'X-Manage-Token',
      description:
        'The token of a booking’s manage link, returned once by POST /api/public/appointments',
    })
    // Matches StaffAuthGuard: every route not marked @Public() needs a staff login.
    .addSecurityRequirements(STAFF_SECURITY)
    .build();
  return SwaggerModule.createDocument(app, info);
}
