import { applyDecorators, Header } from '@nestjs/common';
import { ApiOkResponse, ApiProduces } from '@nestjs/swagger';

export const TEXT_CALENDAR = 'text/calendar; charset=utf-8';

/** An iCalendar body: the Content-Type header and its OpenAPI description. */
export const CalendarContent = (description: string) =>
  applyDecorators(
    Header('Content-Type', TEXT_CALENDAR),
    Header('Cache-Control', 'private, no-cache'),
    ApiProduces('text/calendar'),
    ApiOkResponse({
      description,
      content: {
        'text/calendar': {
          schema: {
            type: 'string',
            example:
              'BEGIN:VCALENDAR\r\nVERSION:2.0\r\n...\r\nBEGIN:VEVENT\r\n' +
              'UID:BK20300116100000C01@api.example.com\r\nSEQUENCE:0\r\n' +
              'DTSTART;TZID=Europe/Paris:20300116T100000\r\n...\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n',
          },
        },
      },
    }),
  );
