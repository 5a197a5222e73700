import type { AdminCreateUserRequest } from '@aws-sdk/client-cognito-identity-provider';
import { assertInSchema } from '../attribute-schema';
import { generatePassword } from '../password-policy';
import { handler, type Fidelity, type Handler } from '../fidelity';

/**
 * AdminCreateUser as AWS does it: attributes outside the pool's schema (and `cognito:*`) refused; duplicate → UsernameExistsException before anything is saved; the temporary
 * password is checked against the policy (or generated to satisfy it); without MessageAction the invitation
 * goes by EMAIL when the user has an email (SMS only when asked for and possible), checked before saving;
 * MessageAction RESEND sends a fresh temporary password to an existing FORCE_CHANGE_PASSWORD user.
 */
export const adminCreateUser = (fx: Fidelity): Handler =>
  handler<AdminCreateUserRequest>(async (ctx, req) => {
    const pool = await fx.services.cognito.getUserPool(ctx, req.UserPoolId ?? '');
    if (!req.Username) throw fx.errors.invalidParameter('Missing required parameter Username');
    const existing = await pool.getUserByUsername(ctx, req.Username);
    const attributes = existing?.Attributes ?? req.UserAttributes ?? [];
    const has = (name: string) => attributes.some((a) => a.Name === name && a.Value);
    if (req.TemporaryPassword !== undefined) fx.auth.assertPasswordPolicy(pool, req.TemporaryPassword);
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
    return fx.original('AdminCreateUser')(ctx, {
      ...req,
      TemporaryPassword: temporaryPassword,
      DesiredDeliveryMediums: mediums,
    } as never);
  });
