import { Logger } from '@nestjs/common';
import { Command, CommandRunner, Option } from 'nest-commander';
import { AdminAccountsService, ROLES, Role } from '@app/users';
import { reportingRefusals } from './domain-errors';

interface SetRoleOptions {
  username: string;
  role: Role;
}

@Command({
  name: 'set-role',
  description: 'Promote an account to admin or demote it to user (never the last active admin)',
})
export class SetRoleCommand extends CommandRunner {
  private readonly logger = new Logger('set-role');

  constructor(private readonly admins: AdminAccountsService) {
    super();
  }

  async run(_args: string[], options: SetRoleOptions): Promise<void> {
    if (!(ROLES as readonly string[]).includes(options.role)) {
      this.logger.error(`VALIDATION_FAILED: --role must be one of ${ROLES.join(', ')}`);
      process.exitCode = 2;
      return;
    }
    await reportingRefusals(this.logger, async () => {
      const { id } = await this.admins.setRole(options.username, options.role);
      process.stdout.write(`"${options.username}" (id ${id}) is now ${options.role}\n`);
    });
  }

  @Option({ flags: '-u, --username <username>', description: 'login name', required: true })
  parseUsername(value: string): string {
    return value;
  }

  @Option({ flags: '-r, --role <role>', description: 'admin or user', required: true })
  parseRole(value: string): Role {
    return value as Role;
  }
}
