import { Controller, Get, Headers, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Roles } from '@app/auth';
import { MAX_REPORT_DAYS, UtilisationReportService } from '@app/bookings';
import { ApiErrors, ERRORS, ProblemResponse } from '../http/api-errors.decorator';
import { TEXT_CSV, prefersCsv, utilisationCsv } from './utilisation-csv';
import { UtilisationQuery } from './utilisation.query';
import { UtilisationResponse } from './utilisation.response';

const CSV_EXAMPLE =
  'room_id,room_number,room_type,bookable_hours,booked_hours,checked_in_hours,released_hours,cancelled_hours,utilisation\r\n' +
  '1,P01,PRIVATE,279,120,96,8,6,0.43\r\n' +
  ',,PRIVATE,2232,900,700,40,30,0.403\r\n';

@ApiTags('reports')
@ApiBearerAuth()
@ApiExtraModels(ProblemResponse, UtilisationResponse)
@Controller('v1/reports')
export class ReportsController {
  constructor(private readonly reports: UtilisationReportService) {}

  @Get('utilisation')
  @Roles('admin')
  @ApiOperation({
    summary: 'Utilisation of active rooms per room and per room type over dates (admin)',
    description:
      `from..to inclusive, at most ${MAX_REPORT_DAYS} dates (reversed or longer: 400 ` +
      'VALIDATION_FAILED). Bookable hours: 9 a day on open weekdays for every active room, ' +
      'less room and workspace closures; shared desks count seat-hours (seats x hours, and ' +
      'each participant of a desk booking). Booked hours: bookings not cancelled before they ' +
      'began, released ones included (also in released_hours). `Accept: text/csv` answers the ' +
      'per-room rows then the per-type rows as CSV with one header line.',
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({
    description: 'The report, as JSON or (Accept: text/csv) as CSV',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(UtilisationResponse) } },
      'text/csv': { schema: { type: 'string', example: CSV_EXAMPLE } },
    },
  })
  @ApiErrors(ERRORS.auth, ERRORS.admin, ERRORS.input)
  async utilisation(
    @Query() query: UtilisationQuery,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<UtilisationResponse | string> {
    const report = UtilisationResponse.from(
      await this.reports.utilisation(query.from, query.to, query.room_type),
    );
    void reply.header('Vary', 'Accept');
    if (!prefersCsv(accept)) return report;
    void reply
      .header('Content-Type', TEXT_CSV)
      .header(
        'Content-Disposition',
        `attachment; filename="utilisation-${report.from}-${report.to}.csv"`,
      );
    return utilisationCsv(report);
  }
}
