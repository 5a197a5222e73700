import type {
  AdminCreateUserRequest,
  AdminCreateUserResponse,
  DeliveryMediumType,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Context } from 'cognito-local/lib/services/context';
import { assertInSchema } from '../attribute-schema';
import { generatePassword } from '../password-policy';
import { passwordlessAvailable } from '../sign-in-policy';
import { handler, type Fidelity, type Handler } from '../fidelity';
import { attributeValue } from '../token-service';

/**
 * AdminCreateUser as AWS does it: attributes outside the pool's schema (and `cognito:*`) refused; duplicate → UsernameExistsException before anything is saved; the temporary
 * password is checked against the policy (or generated to satisfy it); without MessageAction the invitation
 * goes by EMAIL when the user has an email (SMS only when asked for and possible), checked before saving;
 * MessageAction RESEND sends a fresh temporary password to an existing FORCE_CHANGE_PASSWORD user.
 * Without a temporary password, a pool that offers sign-in by code creates a passwordless user instead
 * (CONFIRMED, no password anyone knows; the invitation carries no code).
 */
export const adminCreateUser = (fx: Fidelity): Handler =>
  handler<AdminCreateUserRequest>(async (ctx, req) => {
    const pool = await fx.services.cognito.getUserPool(ctx, req.UserPoolId ?? '');
    if (!req.Username) throw fx.errors.invalidParameter('Missing required parameter Username');
    const existing = await pool.getUserByUsername(ctx, req.Username);
    const attributes = existing?.Attributes ?? req.UserAttributes ?? [];
    const has = (name: string) => attributes.some((a) => a.Name === name && a.Value);
    const passwordless =
      !req.TemporaryPassword && req.MessageAction !== 'RESEND' && passwordlessAvailable(pool);
    if (req.TemporaryPassword !== undefined && !passwordless) {
      fx.auth.assertPasswordPolicy(pool, req.TemporaryPassword);
    }
    const temporaryPassword = req.TemporaryPassword ?? generatePassword(12);
    let mediums = req.DesiredDeliveryMediums;
    if (req.MessageAction !== 'SUPPRESS') {
      mediums ??= has('email') ? ['EMAIL'] : ['SMS'];
      const deliverable = mediums.some((m) => (m === 'EMAIL' ? has('email') : has('phone_number')));
      if (!deliverable)
        throw fx.errors.invalidParameter('User has no attribute matching desired delivery mediums');
    }
    if (req.MessageAction === 'RESEND') {
      if (!existing) throw fx.errors.userNotFound();
      if (existing.UserStatus !== 'FORCE_CHANGE_PASSWORD') {
        throw fx.errors.make(
          'UnsupportedUserStateException',
          'Resend not possible. User is not in FORCE_CHANGE_PASSWORD state.',
        );
      }
      const updated = {
        ...existing,
        Password: temporaryPassword,
        UserLastModifiedDate: new Date(fx.nowMs()),
      };
      await pool.saveUser(ctx, updated);
      const useSms = mediums!.includes('SMS') && has('phone_number');
      const destination = attributes.find((a) => a.Name === (useSms ? 'phone_number' : 'email'))!.Value!;
      await fx.services.messages.deliver(
        ctx,
        'AdminCreateUser',
        null,
        pool.options.Id,
        updated,
        temporaryPassword,
        req.ClientMetadata,
        useSms
          ? { AttributeName: 'phone_number', DeliveryMedium: 'SMS', Destination: destination }
          : { AttributeName: 'email', DeliveryMedium: 'EMAIL', Destination: destination },
      );
      return {
        User: {
          Username: updated.Username,
          Attributes: updated.Attributes,
          Enabled: updated.Enabled,
          UserStatus: updated.UserStatus,
        },
      };
    }
    if (existing) throw fx.errors.make('UsernameExistsException', 'User account already exists');
    assertInSchema(
      fx.errors,
      pool,
      (req.UserAttributes ?? []).map((attribute) => attribute.Name ?? ''),
    );
    if (passwordless) return createPasswordless(fx, ctx, req, mediums);
    return fx.original('AdminCreateUser')(ctx, {
      ...req,
      TemporaryPassword: temporaryPassword,
      DesiredDeliveryMediums: mediums,
    } as never);
  });

async function createPasswordless(
  fx: Fidelity,
  ctx: Context,
  req: AdminCreateUserRequest,
  mediums: DeliveryMediumType[] | undefined,
): Promise<AdminCreateUserResponse> {
  const pool = await fx.services.cognito.getUserPool(ctx, req.UserPoolId ?? '');
  const created = (await fx.original('AdminCreateUser')(ctx, {
    ...req,
    TemporaryPassword: generatePassword(64),
    MessageAction: 'SUPPRESS',
  } as never)) as AdminCreateUserResponse;
  const user = await pool.getUserByUsername(ctx, created.User?.Username ?? req.Username!);
  if (!user) throw fx.errors.userNotFound();
  const confirmed = { ...user, UserStatus: 'CONFIRMED', UserLastModifiedDate: new Date(fx.nowMs()) };
  await pool.saveUser(ctx, confirmed);
  if (req.MessageAction !== 'SUPPRESS') {
    const useSms = mediums!.includes('SMS') && attributeValue(confirmed, 'phone_number') !== undefined;
    const destination = attributeValue(confirmed, useSms ? 'phone_number' : 'email')!;
    await fx.services.messages.deliver(
      ctx,
      'AdminCreateUser',
      null,
      pool.options.Id,
      confirmed,
      '',
      req.ClientMetadata,
      useSms
        ? { AttributeName: 'phone_number', DeliveryMedium: 'SMS', Destination: destination }
        : { AttributeName: 'email', DeliveryMedium: 'EMAIL', Destination: destination },
    );
  }
  return { User: { ...created.User, UserStatus: 'CONFIRMED' } };
}
