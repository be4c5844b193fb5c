import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/core';
import { READ_DATABASE, ReadDatabase } from '@app/database';
import type { AuditRecord } from './audit-entry';
import { AuditFilters, AuditKey, AuditLogRepository } from './audit-log.repository';

export interface AuditPage {
  records: AuditRecord[];
  /** Where the next page starts; null on the last. */
  nextKey: AuditKey | null;
}

/** Reads the audit log (on the replica when there is one); nothing here writes or deletes. */
@Injectable()
export class AuditLogService {
  constructor(
    @Inject(READ_DATABASE) private readonly read: ReadDatabase,
    private readonly auditLog: AuditLogRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async list(filters: AuditFilters, limit: number, after?: AuditKey): Promise<AuditPage> {
    const rows = await this.read.run((manager) =>
      this.auditLog.findPage(manager, filters, after, limit + 1, this.config.workspaceTimezone),
    );
    const page = rows.slice(0, limit);
    return {
      records: page.map((r) => r.record),
      nextKey: rows.length > limit ? page[page.length - 1].key : null,
    };
  }
}
