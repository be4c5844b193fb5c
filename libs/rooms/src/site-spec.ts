import { DomainError, isTimeZone } from '@app/core';

const SITE_CODE = /^[A-Z0-9-]{1,10}$/;

export function checkSiteCode(code: string): void {
  if (!SITE_CODE.test(code)) {
    const message = 'code must be 1-10 characters A-Z, 0-9 or -';
    throw new DomainError('VALIDATION_FAILED', message, [{ field: 'code', message }]);
  }
}

export function checkSiteName(name: string): void {
  if (name.trim().length === 0 || name.length > 100) {
    const message = 'name must be 1-100 characters';
    throw new DomainError('VALIDATION_FAILED', message, [{ field: 'name', message }]);
  }
}

export function checkTimeZone(zone: string): void {
  if (!isTimeZone(zone)) {
    const message = 'timezone must be an IANA time zone such as Europe/Paris';
    throw new DomainError('VALIDATION_FAILED', message, [{ field: 'timezone', message }]);
  }
}
