import { Controller, Get, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Roles } from '@app/auth';
import { AuditLogService } from '@app/audit';
import { ApiErrors, ERRORS, ProblemResponse } from '../http/api-errors.decorator';
import { PageCursors } from '../http/page-cursors';
import { AUDIT_CURSOR, auditQueryOf, ListAuditQuery, MAX_AUDIT_LIMIT } from './list-audit.query';
import { AuditEntryResponse, AuditPageResponse } from './audit.response';

/** The audit cursor holds a position only; the signed format wants a count, so a fixed one. */
const NO_COUNT = { value: 0, estimated: true };

/** Read only: no route changes or deletes an audit row (the database refuses it too). */
@ApiTags('audit')
@ApiBearerAuth()
@ApiExtraModels(ProblemResponse)
@Controller('v1/audit')
export class AuditController {
  constructor(
    private readonly auditLog: AuditLogService,
    private readonly cursors: PageCursors,
  ) {}

  @Get()
  @Roles('admin')
  @ApiOperation({
    summary: 'The audit log, newest first (admin)',
    description:
      'One entry per state change, written in the transaction of the change (a refused or ' +
      'rolled-back request leaves none), and one per failed login. Filters combine: ' +
      '`entity`, `entity_id`, `actor_id`, `from` (inclusive) and `to` (a date includes its ' +
      'day, a timestamp is exclusive). `limit` 1 to ' +
      `${MAX_AUDIT_LIMIT} (default 50); the older entries follow with \`?cursor=next_cursor\` ` +
      'and the same filters. Unknown entity, bad dates, a limit out of range or a tampered ' +
      'cursor: 400.',
  })
  @ApiOkResponse({ type: AuditPageResponse })
  @ApiErrors(ERRORS.auth, ERRORS.admin, ERRORS.input)
  async list(@Query() query: ListAuditQuery): Promise<AuditPageResponse> {
    const { filters, limit, cursor } = auditQueryOf(query);
    const after = this.cursors.opened(AUDIT_CURSOR, cursor)?.after;
    const page = await this.auditLog.list(filters, limit, after);
    return {
      results: page.records.map((record) => AuditEntryResponse.from(record)),
      next_cursor:
        page.nextKey === null
          ? null
          : this.cursors.seal(AUDIT_CURSOR, { after: page.nextKey, count: NO_COUNT }),
    };
  }
}
