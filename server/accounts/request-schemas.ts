// The shape of every accounts and billing request. Objects are strict: an unknown field is refused, so a typo in a
// client is an error rather than a setting silently dropped. Path ids that the policy does not check are here too.
import { z } from 'zod';
import { returnPath } from './email-sign-in.ts';
import { insightsAudiences } from './insights-audience.ts';
import { placeName } from './organisations.ts';
import { emailAddress, personName } from './people.ts';

const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'not an id');
const token = z.string().regex(/^[A-Za-z0-9_-]{20,128}$/, 'not a token');

export const emptyQuery = z.strictObject({});
/** Bodies of requests that need none: absent, or an empty object. */
export const emptyBody = z.strictObject({}).optional();

export const returnToQuery = z.strictObject({ returnTo: returnPath });
export const slackCallbackQuery = z.record(z.string(), z.string().max(2048)).refine((q) => Object.keys(q).length <= 10, {
  message: 'too many query parameters',
});

export const emailSignInBody = z.strictObject({ email: emailAddress, returnTo: returnPath });
export const tokenBody = z.strictObject({ token });
export const tokenParams = z.strictObject({ token });

export const demoSignInBody = z.strictObject({
  name: personName,
  role: z.enum(['member', 'lead', 'admin'], { error: "role must be 'member', 'lead' or 'admin'" }).default('member'),
});

export const renameMeBody = z.strictObject({ name: personName });

export const consentBody = z.discriminatedUnion(
  'status',
  [
    z.strictObject({ status: z.literal('taking_part'), noticeVersion: z.string().max(40) }),
    z.strictObject({ status: z.literal('paused') }),
  ],
  { error: "status must be 'taking_part' (with the noticeVersion you read) or 'paused'" },
);

export const withdrawBody = z.strictObject({
  confirm: z.literal('withdraw', { error: "send { confirm: 'withdraw' } to withdraw: it deletes your personal data" }),
});
export const deleteAccountBody = z.strictObject({
  confirm: z.literal('delete my account', { error: "send { confirm: 'delete my account' }: it cannot be undone" }),
});

export const orgBody = z.strictObject({ name: placeName('an organisation') });
/** What an admin changes about an organisation: its name, who reads team insights, or both. */
export const orgChangeBody = z
  .strictObject({
    name: placeName('an organisation').optional(),
    insightsAudience: z
      .enum(insightsAudiences, {
        error: "insightsAudience must be 'leads_and_admins' (team leads and admins) or 'admins' (admins only)",
      })
      .optional(),
  })
  .refine((b) => b.name !== undefined || b.insightsAudience !== undefined, 'send a name, an insightsAudience, or both');
export const teamBody = z.strictObject({ name: placeName('a team') });

export const orgParams = z.strictObject({ orgId: uuid });
export const teamParams = z.strictObject({ teamId: uuid });
export const orgMemberParams = z.strictObject({ orgId: uuid, personId: uuid });
export const teamMemberParams = z.strictObject({ teamId: uuid, personId: uuid });
export const orgInvitationParams = z.strictObject({ orgId: uuid, invitationId: uuid });

export const roleBody = z.strictObject({
  role: z.enum(['member', 'admin'], { error: "role must be 'member' or 'admin'" }),
});

const invitationKind = {
  link: z.strictObject({ kind: z.literal('link') }),
  email: z.strictObject({ kind: z.literal('email'), email: emailAddress }),
};

export const orgInvitationBody = z.discriminatedUnion(
  'kind',
  [
    invitationKind.link.extend({ role: roleBody.shape.role.default('member'), teamId: uuid.optional() }),
    invitationKind.email.extend({ role: roleBody.shape.role.default('member'), teamId: uuid.optional() }),
  ],
  { error: "kind must be 'link' or 'email' (with an email address)" },
);

export const teamInvitationBody = z.discriminatedUnion('kind', [invitationKind.link, invitationKind.email], {
  error: "kind must be 'link' or 'email' (with an email address)",
});
