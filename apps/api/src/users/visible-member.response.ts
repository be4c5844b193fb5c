import { getSchemaPath } from '@nestjs/swagger';
import { MemberRow, Viewer, seesFullProfile } from '@app/users';
import { MemberResponse } from './member.response';
import { MemberSummaryResponse } from './member-summary.response';

export type VisibleMemberResponse = MemberResponse | MemberSummaryResponse;

/** A member as the viewer may see them (the member-visibility policy): full or summary. */
export const memberSeenBy = (viewer: Viewer, member: MemberRow): VisibleMemberResponse =>
  seesFullProfile(viewer, member.id)
    ? MemberResponse.from(member)
    : MemberSummaryResponse.from(member);

/** The OpenAPI schema of a member so shown; list both models in @ApiExtraModels. */
export const VISIBLE_MEMBER_SCHEMA = {
  oneOf: [{ $ref: getSchemaPath(MemberResponse) }, { $ref: getSchemaPath(MemberSummaryResponse) }],
};
